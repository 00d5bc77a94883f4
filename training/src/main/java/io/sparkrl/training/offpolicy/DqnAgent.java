package io.sparkrl.training.offpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.replay.ReplayBatch;
import io.sparkrl.storage.replay.ReplayBuffer;
import io.sparkrl.storage.replay.FrameStackLayout;
import io.sparkrl.storage.replay.Layout;
import io.sparkrl.storage.replay.VectorLayout;
import io.sparkrl.training.Agent;
import io.sparkrl.training.Agents;
import io.sparkrl.training.ImageInputs;
import io.sparkrl.training.PopArt;
import io.sparkrl.training.RewardScaler;
import io.sparkrl.training.Schedules;
import io.sparkrl.training.Optimizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DQN (Mnih et al. 2015) as SB3's, with Rainbow's switchable parts: Double DQN (van Hasselt et al. 2016), dueling
 * heads, n-step returns, noisy nets and proportional prioritised replay (Schaul et al. 2016); Pop-Art and reward
 * scaling. Each {@link #update} stores the iteration's steps in the replay buffer (every observation once) and,
 * once {@code learning_starts} steps are in, takes a fixed number of gradient steps on sampled minibatches: the
 * update rule reads top to bottom in {@link #gradientStep}.
 */
public final class DqnAgent implements Agent {
    final DqnConfig config;
    final QNetwork online, target;
    final Optimizer optimizer;
    /** Null in a learner loaded only to act. */
    final ReplayBuffer replay;
    /** Null when off. */
    final PopArt popArt;
    /** Null when off. */
    final RewardScaler rewardScaler;
    final Rng rng;
    long envSteps;
    long gradientSteps;

    DqnAgent(QNetwork.Spec spec, DqnConfig config, long seed, ReplayBuffer replay) {
        this.config = config;
        this.rng = new Rng(seed);
        online = new QNetwork(spec, rng.nextLong());
        target = new QNetwork(spec, 0);
        target.polyakUpdate(online, 1);
        optimizer = new Optimizer(config.optimizer(), config.optimizerEps(), online.numParams());
        popArt = config.popArt() ? new PopArt(config.popArtBeta()) : null;
        rewardScaler = config.normalizeReward() ? new RewardScaler(config.gamma()) : null;
        this.replay = replay;
    }

    /**
     * A new learner for a Discrete action space. Refuses up front a replay buffer larger than the JVM's free heap
     * unless {@code allowLargeReplay} (the buffer grows as it fills, so a run may end before it needs it all).
     */
    public static DqnAgent create(Space observationSpace, Space actionSpace, DqnConfig config, long seed,
                                  boolean allowLargeReplay, int frameStack) {
        if (!(actionSpace instanceof Space.Discrete actions))
            throw new BadInputException("dqn needs a Discrete action space, the env has " + actionSpace
                    + ": use ppo or a2c for continuous actions");
        QNetwork.Spec spec = networkSpec(observationSpace.flatSize(), ImageInputs.imageShape(observationSpace), actions.n(), config);
        ReplayBuffer.Config replayConfig = replayConfig(observationSpace, frameStack, config);
        long need = ReplayBuffer.requiredBytes(replayConfig), free = freeHeap();
        if (need > free && !allowLargeReplay)
            throw new BadInputException(String.format("the replay buffer of %,d transitions needs %s but the JVM has %s "
                    + "of heap free: lower buffer_size (--set buffer_size=N), give the JVM more heap "
                    + "(SPARKRL_JAVA_OPTS=-Xmx...), or pass --allow-large-replay", config.bufferSize(), bytes(need), bytes(free)));
        return new DqnAgent(spec, config, seed, new ReplayBuffer(replayConfig));
    }

    /** The Q-network for these observations: the config's convolutions first when they are images. */
    static QNetwork.Spec networkSpec(int obsSize, int[] imageShape, int numActions, DqnConfig config) {
        return new QNetwork.Spec(obsSize, numActions, config.hidden(), config.dueling(), config.noisy(),
                config.noisySigma0(), imageShape, ImageInputs.torso(imageShape, config.conv()));
    }

    /**
     * Stacks of {@code frameStack} uint8 frames (observed as {@code [stack, H, W]} floats up to the Box's high) are
     * stored one frame per step; other observations whole.
     */
    static ReplayBuffer.Config replayConfig(Space observationSpace, int frameStack, DqnConfig config) {
        int[] image = ImageInputs.imageShape(observationSpace);
        Layout layout = frameStack > 0 && image.length == 3 && image[0] == frameStack
                ? new FrameStackLayout(image[0], image[1], image[2], ((Space.Box) observationSpace).high()[0])
                : new VectorLayout(observationSpace.flatSize());
        return new ReplayBuffer.Config(layout, config.bufferSize(),
                config.numEnvs(), true, 1, config.nStep(), config.gamma(), config.prioritized(),
                config.prioritizedAlpha(), config.prioritizedEps());
    }

    @Override public String algo() { return "dqn"; }

    @Override public DqnConfig config() { return config; }

    @Override public long envSteps() { return envSteps; }

    @Override public float[] params() { return online.paramsCopy(); }

    public float[] targetParams() { return target.paramsCopy(); }

    public ReplayBuffer replay() { return replay; }

    /** Progress through training, 1 at the start and 0 at n_timesteps, for the schedules. */
    private double progressRemaining() { return Math.max(0, 1 - (double) envSteps / config.totalTimesteps()); }

    /** The exploration rate now (0 with noisy nets: the noise explores). */
    public double epsilon() {
        return config.noisy() ? 0 : Schedules.linearDecay(config.explorationInitialEps(), config.explorationFinalEps(),
                config.explorationFraction(), progressRemaining());
    }

    @Override public void initFrom(Agent pretrained) {
        if (!(pretrained instanceof DqnAgent source) || !source.online.spec().equals(online.spec()))
            throw new BadInputException("--init-from: the pretrained learner (" + pretrained.describe() + ") does not match this run's "
                    + online.spec() + ": pretrain with the same env and Q-network (hidden, conv, dueling, noisy)");
        online.setParams(source.online.paramsCopy());
        target.setParams(source.online.paramsCopy());
        if (popArt != null && source.popArt != null) popArt.restore(source.popArt.state());
        if (rewardScaler != null && source.rewardScaler != null) rewardScaler.restore(source.rewardScaler.state());
    }

    @Override public QSnapshot snapshot() {
        return new QSnapshot(online.spec(), online.paramsCopy(), epsilon(), valueMean(), valueStd());
    }

    @Override public BatchPolicy policy() {
        return new QPolicy(new QSnapshot.NetworkQ(online, valueMean(), valueStd()), epsilon());
    }

    /** The affine map from the network's outputs to returns: Pop-Art's statistics, or the identity. */
    private double valueMean() { return popArt == null ? 0 : popArt.mean(); }

    private double valueStd() { return popArt == null ? 1 : popArt.std(); }

    @Override
    public Map<String, Double> update(Segment batch) {
        replay.add(batch, 0);
        if (rewardScaler != null) rewardScaler.scale(batch);   // moves the return statistics; samples are scaled when drawn
        long before = envSteps;
        envSteps += batch.size();
        // The same columns every iteration (metrics.csv): zeros until learning starts.
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String key : new String[] {"loss", "q_taken", "grad_norm"}) metrics.put(key, 0.0);
        double lr = Schedules.scheduled(config.learningRate(), config.learningRateSchedule(), progressRemaining());
        double beta = config.prioritizedBeta0() + (1 - config.prioritizedBeta0()) * (1 - progressRemaining());
        if (envSteps > config.learningStarts()) {
            // As SB3: every target_update_interval env steps the target moves tau of the way (a copy at tau 1),
            // before this iteration's gradient steps.
            long interval = config.targetUpdateInterval();
            for (long k = before / interval; k < envSteps / interval; k++) {
                target.polyakUpdate(online, config.tau());
                if (config.tau() >= 1) break;
            }
            int steps = config.gradientStepsPerIteration();
            for (int g = 0; g < steps; g++)
                QNetwork.scoped(() -> gradientStep(replay.sample(config.batchSize(), rng, beta), lr, metrics));
            if (steps > 0) metrics.replaceAll((k, v) -> v / steps);
        }
        metrics.put("learning_rate", lr);
        if (config.prioritized()) metrics.put("prioritized_beta", beta);
        metrics.put("gradient_steps", (double) gradientSteps);
        metrics.put("epsilon", epsilon());
        metrics.put("replay_size", (double) replay.size());
        if (popArt != null) {
            metrics.put("value_mean", popArt.mean());
            metrics.put("value_std", popArt.std());
        }
        return metrics;
    }

    /**
     * One minibatch step on the Huber loss of the (n-step, double) TD error of sampled batch {@code b}; adds its
     * statistics to {@code sums}. Public for the learner benchmark (synthetic batches); run it inside {@link QNetwork#scoped}.
     */
    public Void gradientStep(ReplayBatch b, double lr, Map<String, Double> sums) {
        int n = b.size, actions = online.spec().numActions();
        // Noisy nets: fresh noise for the online network; the target bootstraps with its mean weights, because the max
        // over a noisy target's values is biased upwards (with sampled target noise, CartPole's Q overshot to 169 where
        // returns are bounded by 100, and seed 1 collapsed at 85k steps; docs/LEARNING.md).
        online.resampleNoise(rng);
        target.noiseOff();

        // Bootstrap values at the n-step next state: the target network's value of the online network's greedy
        // action (Double DQN) or of its own greedy action, mapped to return units when Pop-Art normalises outputs.
        INDArray nextObs = Nd4j.create(b.nextObs, new long[] {n, b.obsSize}, 'c');
        float[] nextTarget = QNetwork.rowMajor(target.forward(nextObs));
        float[] nextChooser = config.doubleQ() ? QNetwork.rowMajor(online.forward(nextObs)) : nextTarget;
        double rewardScale = rewardScaler == null ? 1 : 1 / rewardScaler.std();
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            double next = bootstrapValue(nextTarget, nextChooser, i, actions);
            if (popArt != null) next = popArt.std() * next + popArt.mean();
            targets[i] = (float) (b.returns[i] * rewardScale + b.discounts[i] * next);
        }
        if (popArt != null) {
            popArt.update(targets, (scale, shift) -> {
                online.rescaleOutputs(scale, shift);
                target.rescaleOutputs(scale, shift);
            });
            for (int i = 0; i < n; i++) targets[i] = (float) popArt.normalise(targets[i]);
        }

        // Huber loss on the taken actions' values, importance-weighted (weights are 1 without prioritised replay).
        float[] q = QNetwork.rowMajor(online.forward(Nd4j.create(b.obs, new long[] {n, b.obsSize}, 'c')));
        float[] dLossdQ = new float[n * actions], tdErrors = new float[n];
        double loss = 0, qTaken = 0;
        for (int i = 0; i < n; i++) {
            int cell = i * actions + b.actions[i];
            double td = q[cell] - targets[i], abs = Math.abs(td);
            loss += b.weights[i] * huber(td) / n;
            dLossdQ[cell] = (float) (b.weights[i] * huberSlope(td) / n);
            tdErrors[i] = (float) abs;
            qTaken += q[cell] / n;
        }
        INDArray gradient = online.backward(Nd4j.create(dLossdQ, new long[] {n, actions}, 'c'));
        double gradNorm = optimizer.step(online.params(), gradient, lr, config.maxGradNorm());
        if (config.prioritized()) replay.updatePriorities(b.indices, tdErrors);
        gradientSteps++;

        sums.merge("loss", loss, Double::sum);
        sums.merge("q_taken", qTaken, Double::sum);
        sums.merge("grad_norm", gradNorm, Double::sum);
        return null;
    }

    /**
     * One offline step (pretrain --algo dqn|cql) on {@code n} recorded one-step transitions: the Huber loss of the
     * (double) DQN TD error, plus with {@code cqlAlpha > 0} conservative Q-learning's penalty (Kumar et al. 2020,
     * CQL(H)) {@code alpha * (logsumexp_a Q(s, a) - Q(s, a_data))}, which pushes down the values of actions the data
     * never took so the greedy policy does not chase their over-estimates. Truncated steps bootstrap, terminated ones
     * do not. The target network is copied from the online one every {@code target_update_interval} gradient steps
     * (the data has no env steps to count). Returns {TD loss, CQL penalty, mean Q of the taken actions}.
     */
    public double[] offlineStep(float[] obs, int[] taken, float[] rewards, float[] nextObs, boolean[] terminated, int n,
                                double cqlAlpha, double lr) {
        if (popArt != null || rewardScaler != null)
            throw new BadInputException("offline dqn/cql fit raw returns: drop pop_art and normalize_reward");
        int actions = online.spec().numActions(), obsSize = online.spec().obsSize();
        return QNetwork.scoped(() -> {
            if (gradientSteps % config.targetUpdateInterval() == 0) target.polyakUpdate(online, 1);
            online.noiseOff();
            target.noiseOff();
            INDArray next = Nd4j.create(java.util.Arrays.copyOf(nextObs, n * obsSize), new long[] {n, obsSize}, 'c');
            float[] nextTarget = QNetwork.rowMajor(target.forward(next));
            float[] nextChooser = config.doubleQ() ? QNetwork.rowMajor(online.forward(next)) : nextTarget;
            float[] q = QNetwork.rowMajor(online.forward(Nd4j.create(java.util.Arrays.copyOf(obs, n * obsSize), new long[] {n, obsSize}, 'c')));
            float[] dLossdQ = new float[n * actions];
            double loss = 0, penalty = 0, qTaken = 0;
            for (int i = 0; i < n; i++) {
                int row = i * actions, cell = row + taken[i];
                double target = rewards[i] + (terminated[i] ? 0 : config.gamma() * bootstrapValue(nextTarget, nextChooser, i, actions));
                double td = q[cell] - target;
                loss += huber(td) / n;
                dLossdQ[cell] += (float) (huberSlope(td) / n);
                qTaken += q[cell] / n;
                if (cqlAlpha > 0) {
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int a = 0; a < actions; a++) max = Math.max(max, q[row + a]);
                    for (int a = 0; a < actions; a++) sum += Math.exp(q[row + a] - max);
                    penalty += cqlAlpha * (max + Math.log(sum) - q[cell]) / n;
                    // d/dQ of logsumexp is the softmax; minus the data action's one-hot.
                    for (int a = 0; a < actions; a++) dLossdQ[row + a] += (float) (cqlAlpha * Math.exp(q[row + a] - max) / sum / n);
                    dLossdQ[cell] -= (float) (cqlAlpha / n);
                }
            }
            INDArray gradient = online.backward(Nd4j.create(dLossdQ, new long[] {n, actions}, 'c'));
            optimizer.step(online.params(), gradient, lr, config.maxGradNorm());
            gradientSteps++;
            return new double[] {loss, penalty, qTaken};
        });
    }

    /** The Huber loss (delta 1) of a TD error, as SB3's smooth L1. */
    static double huber(double td) {
        double abs = Math.abs(td);
        return abs <= 1 ? 0.5 * td * td : abs - 0.5;
    }

    /** Its derivative: the TD error clipped to [-1, 1]. */
    static double huberSlope(double td) { return Math.max(-1, Math.min(1, td)); }

    /**
     * Row {@code row}'s bootstrap value: the target network's value ({@code targetQ}) of the action that
     * {@code chooserQ} rates best (the online network's values for Double DQN, the target's own for DQN).
     */
    static double bootstrapValue(float[] targetQ, float[] chooserQ, int row, int actions) {
        return targetQ[row * actions + QPolicy.argmax(chooserQ, row * actions, actions)];
    }

    @Override public void save(Path dir) {
        DqnCheckpoint.save(this, dir.resolve(Agents.AGENT_FILE));
        replay.save(dir.resolve(REPLAY_FILE));
    }

    @Override public void saveForActing(Path dir) { DqnCheckpoint.save(this, dir.resolve(Agents.AGENT_FILE)); }

    static final String REPLAY_FILE = "replay.bin";

    /** The learner saved in checkpoint directory {@code dir}, replay buffer included. */
    public static DqnAgent load(Path dir) {
        return DqnCheckpoint.load(dir.resolve(Agents.AGENT_FILE), ReplayBuffer.load(dir.resolve(REPLAY_FILE)));
    }

    /** The learner saved in {@code dir} without its replay buffer: it can act, not learn. */
    public static DqnAgent loadForActing(Path dir) { return DqnCheckpoint.load(dir.resolve(Agents.AGENT_FILE), null); }

    @Override public String describe() {
        String network = String.format("dqn: Q-network %s, %,d parameters", online.spec(), online.numParams());
        if (replay == null) return network;
        return network + String.format("; replay buffer of %,d transitions%s (%s), %s when full (%s of heap free)",
                config.bufferSize(), config.prioritized() ? " (prioritised)" : "", replay.config().layout(),
                bytes(ReplayBuffer.requiredBytes(replay.config())), bytes(freeHeap()));
    }

    static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    static String bytes(long n) {
        if (n < 1 << 20) return String.format("%.1f KB", n / 1024.0);
        if (n < 1L << 30) return String.format("%.1f MB", n / (double) (1 << 20));
        return String.format("%.2f GB", n / (double) (1L << 30));
    }
}
