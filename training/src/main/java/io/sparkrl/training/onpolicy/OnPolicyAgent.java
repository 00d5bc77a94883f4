package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Agent;
import io.sparkrl.training.Agents;
import io.sparkrl.training.Optimizer;
import io.sparkrl.training.PopArt;
import io.sparkrl.training.RewardScaler;
import io.sparkrl.training.Schedules;
import java.nio.file.Path;
import io.sparkrl.training.fit.MinibatchFitter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the on-policy learners share (SB3's {@code OnPolicyAlgorithm}): the actor-critic network, its optimizer,
 * the optional Pop-Art and reward-scaling statistics, the RNG for minibatch shuffles, progress counters, and
 * the small steps every update rule takes (targets, labels, one clipped gradient step). Each learner's
 * {@link #update} reads top to bottom in its own file: {@link Ppo}, {@link A2c}, {@link Reinforce}.
 */
public abstract class OnPolicyAgent implements Agent {
    protected final OnPolicyConfig config;
    protected final ActorCriticNet net;
    protected final Optimizer optimizer;
    /** Null when off. */
    protected final PopArt popArt;
    /** Null when off. */
    protected final RewardScaler rewardScaler;
    protected final Rng rng;
    private final NetPolicy policy;
    /** Null: this learner fits its minibatches itself; else they go to it, an epoch at a time ({@code --fit}). */
    private MinibatchFitter fitter;
    private final List<MultiDataSet> queued = new ArrayList<>();
    protected long envSteps;
    protected int updates;

    protected OnPolicyAgent(ActorCriticSpec spec, OnPolicyConfig config, long seed) {
        this.config = config;
        rng = new Rng(seed);
        net = new ActorCriticNet(spec, rng.nextLong());
        optimizer = new Optimizer(config.optimizer(), config.optimizerEps(), net.params().length());
        popArt = config.popArt() ? new PopArt(config.popArtBeta()) : null;
        rewardScaler = config.normalizeReward() ? new RewardScaler(config.gamma()) : null;
        policy = new NetPolicy(net, popArt);
    }

    /** A new learner: {@code algo} is "ppo", "a2c" or "reinforce". */
    public static OnPolicyAgent create(String algo, Space observationSpace, Space actionSpace, OnPolicyConfig config,
                                       long seed) {
        return create(algo, ActorCriticSpec.of(observationSpace, actionSpace, config.hidden(), config.conv(), config.network()), config, seed);
    }

    static OnPolicyAgent create(String algo, ActorCriticSpec spec, OnPolicyConfig config, long seed) {
        return switch (algo) {
            case "ppo" -> new Ppo(spec, config, seed);
            case "a2c" -> new A2c(spec, config, seed);
            case "reinforce" -> new Reinforce(spec, config, seed);
            default -> throw new io.sparkrl.storage.BadInputException(
                    "unknown on-policy algorithm '" + algo + "': use ppo, a2c or reinforce");
        };
    }

    /**
     * Learns from one rollout collected with the current policy ({@link #policy()} or a {@link #snapshot()} of it)
     * and returns its metrics: policy_loss, value_loss, entropy, approx_kl, clip_fraction, explained_variance,
     * grad_norm, learning_rate (averages over the gradient steps taken).
     */
    @Override public abstract Map<String, Double> update(Segment batch);

    @Override public OnPolicyConfig config() { return config; }

    /**
     * Fits from now on through the fitter {@code factory} makes (DL4J's Spark training masters): the update rules
     * queue their minibatches and hand each epoch over with {@link #fitQueued}. Its optimizer state is the fitter's.
     */
    public MinibatchFitter fitWith(MinibatchFitter.Factory factory) {
        fitter = factory.create(net.graph(), minibatchRows(), optimizer.updaterConfig(), config.maxGradNorm());
        return fitter;
    }

    /** Rows in each of an update's minibatches: the whole rollout (A2C, REINFORCE); PPO's batch_size. */
    protected int minibatchRows() { return config.numSteps() * config.numEnvs(); }

    public ActorCriticSpec spec() { return net.spec(); }

    @Override public BatchPolicy policy() { return policy; }

    @Override public ActorCriticSnapshot snapshot() {
        return new ActorCriticSnapshot(net.spec(), net.paramsCopy(), popArt == null ? 0 : popArt.mean(),
                popArt == null ? 1 : popArt.std());
    }

    @Override public long envSteps() { return envSteps; }

    public int updates() { return updates; }

    @Override public float[] params() { return net.paramsCopy(); }

    /** Writes the whole learner state to {@code dir}/agent.bin atomically (see {@link AgentCheckpoint}). */
    @Override public void save(Path dir) { AgentCheckpoint.save(this, dir.resolve(Agents.AGENT_FILE)); }

    /** A learner restored from {@link #save}; a corrupt or truncated file throws {@code BadInputException}. */
    public static OnPolicyAgent load(Path dir) { return AgentCheckpoint.load(dir.resolve(Agents.AGENT_FILE)); }

    @Override public String describe() {
        return algo() + ": actor-critic MLP " + net.spec() + ", " + net.params().length() + " parameters";
    }

    @Override public void initFrom(Agent pretrained) {
        if (!(pretrained instanceof OnPolicyAgent source) || !source.net.spec().equals(net.spec()))
            throw new BadInputException("--init-from: the pretrained learner (" + pretrained.describe() + ") does not match this run's "
                    + net.spec() + ": pretrain with the same env, network (hidden, conv, network) and an on-policy learner");
        net.setParams(source.net.paramsCopy());
        if (popArt != null && source.popArt != null) popArt.restore(source.popArt.state());
        if (rewardScaler != null && source.rewardScaler != null) rewardScaler.restore(source.rewardScaler.state());
    }

    /**
     * One behaviour-cloning step (offline pretraining) on a {@link #cloneMinibatch}: maximises {@code log pi(a|s)} of
     * the recorded actions, i.e. cross-entropy for Discrete actions and the Gaussian log-likelihood for Box ones, with
     * this learner's optimizer and gradient clipping; with value targets (the recorded discounted returns-to-go) the
     * value head also regresses on them, so fine-tuning starts with a critic for the cloned policy. Set the losses with
     * {@link #configureCloning} first. Returns the mean negative log-likelihood before the step.
     */
    public double cloneStep(MultiDataSet rows, double lr) {
        INDArray grad = net.gradient(rows.getFeatures(0), rows.getLabels(0), rows.getLabels(1));
        optimizer.step(net.params(), grad, lr, config.maxGradNorm());
        return net.policyLoss().lastPolicyLoss();
    }

    /**
     * Sets the losses for behaviour cloning: the policy loss is {@code -log pi(a|s)} (no clipping, no entropy bonus);
     * the value head regresses on the data's returns-to-go (weighted by {@code vf_coef}) unless Pop-Art is on (the data
     * cannot set its statistics). Returns whether the value head learns.
     */
    public boolean configureCloning() {
        net.policyLoss().setClipRange(Double.NaN);
        net.policyLoss().setEntCoef(0);
        net.valueLoss().setClipRange(Double.NaN);
        boolean critic = popArt == null;
        net.valueLoss().setVfCoef(critic ? config.vfCoef() : 0);
        return critic;
    }

    /**
     * A behaviour-cloning minibatch of {@code n} rows in the losses' label layout: the recorded action (one-hot, or the
     * action vector) with advantage 1 and old log-probability 0, and the value target {@code returns[i]} (0 when null).
     * Static so that executors build minibatches next to the data (distributed pretraining).
     */
    public static MultiDataSet cloneMinibatch(ActorCriticSpec spec, float[] obs, int[] discreteActions, float[] continuousActions,
                                              float[] returns, int n) {
        int actWidth = spec.actionDim(), labelWidth = actWidth + 2;
        float[] policyLabels = new float[n * labelWidth];
        for (int i = 0; i < n; i++) {
            int lo = i * labelWidth;
            if (spec.discrete()) policyLabels[lo + discreteActions[i]] = 1;
            else System.arraycopy(continuousActions, i * actWidth, policyLabels, lo, actWidth);
            policyLabels[lo + actWidth] = 1; // advantage 1, old log-prob 0: the loss is -log pi(a|s)
        }
        float[] valueLabels = new float[n * 2];
        if (returns != null) for (int i = 0; i < n; i++) valueLabels[2 * i] = valueLabels[2 * i + 1] = returns[i];
        int size = n * spec.obsSize();
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {Nd4j.create(obs.length == size ? obs : java.util.Arrays.copyOf(obs, size), n, spec.obsSize())},
                new INDArray[] {Nd4j.create(policyLabels, n, labelWidth), Nd4j.create(valueLabels, n, 2)});
    }

    // ---- steps shared by the update rules ----

    /** 1 at the start of training, 0 at {@code n_timesteps}: drives the linear schedules. */
    protected double progressRemaining() { return Math.max(0, 1 - (double) envSteps / config.totalTimesteps()); }

    protected double learningRate() {
        return Schedules.scheduled(config.learningRate(), config.learningRateSchedule(), progressRemaining());
    }

    /** Advantages and returns of a batch, in the critic's units (scaled rewards when reward scaling is on). */
    protected record Targets(float[] advantages, float[] returns) {}

    protected Targets targets(Segment batch, double lambda) {
        float[] rewards = rewardScaler == null ? batch.rewards : rewardScaler.scale(batch);
        float[] advantages = new float[batch.size()], returns = new float[batch.size()];
        Gae.compute(batch, rewards, batch.values, batch.bootstrapValues, batch.lastValues, config.gamma(), lambda,
                advantages, returns);
        return new Targets(advantages, returns);
    }

    /**
     * The value head's training targets and the rollout's values in the head's units: with Pop-Art, the statistics
     * first move to the new returns (the head rescaled to keep its predictions), then both are normalised.
     * Returns {@code {targets, oldValues}}.
     */
    protected float[][] valueTargets(Segment batch, float[] returns) {
        if (popArt == null) return new float[][] {returns, batch.values};
        popArt.update(returns, net::rescaleValueHead);
        float[] targets = new float[returns.length], oldValues = new float[returns.length];
        for (int i = 0; i < returns.length; i++) {
            targets[i] = (float) popArt.normalise(returns[i]);
            oldValues[i] = (float) popArt.normalise(batch.values[i]);
        }
        return new float[][] {targets, oldValues};
    }

    /** Sets the losses' clip ranges (NaN: no clipping) and the entropy and value coefficients from the config. */
    protected void configureLosses(double clipRange, double valueClipRange) {
        net.policyLoss().setClipRange(clipRange);
        net.policyLoss().setEntCoef(config.entCoef());
        net.valueLoss().setClipRange(valueClipRange);
        net.valueLoss().setVfCoef(config.vfCoef());
    }

    /** {@code 0 .. n-1} shuffled with the learner's RNG (Fisher-Yates). */
    protected int[] shuffledRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), tmp = rows[i];
            rows[i] = rows[j];
            rows[j] = tmp;
        }
        return rows;
    }

    /**
     * One gradient step on rows {@code rows[from .. to)} of the batch: builds the observation and label matrices
     * (advantages normalised over these rows if configured), backpropagates both heads' losses, clips the global
     * gradient norm and applies the optimizer. Returns the gradient norm before clipping.
     */
    protected double gradientStep(Segment batch, int[] rows, int from, int to, float[] advantages,
                                  float[] valueTargets, float[] oldValues, double lr) {
        int n = to - from, obsSize = batch.obsSize;
        ActorCriticSpec spec = net.spec();
        // Discrete: one-hot over actionDim; Box: the actionDim floats.
        int actWidth = spec.actionDim(), labelWidth = actWidth + 2;
        double advMean = 0, advStd = 1;
        if (config.normalizeAdvantage() && n > 1) {
            double sum = 0, sumSquares = 0;
            for (int i = from; i < to; i++) {
                sum += advantages[rows[i]];
                sumSquares += (double) advantages[rows[i]] * advantages[rows[i]];
            }
            advMean = sum / n;
            advStd = Math.sqrt(Math.max(sumSquares / n - advMean * advMean, 0)) + 1e-8;
        }
        float[] obs = new float[n * obsSize], policyLabels = new float[n * labelWidth], valueLabels = new float[n * 2];
        for (int i = 0; i < n; i++) {
            int row = rows[from + i], lo = i * labelWidth;
            System.arraycopy(batch.obs, row * obsSize, obs, i * obsSize, obsSize);
            if (spec.discrete()) policyLabels[lo + batch.discreteActions[row]] = 1;
            else System.arraycopy(batch.continuousActions, row * actWidth, policyLabels, lo, actWidth);
            policyLabels[lo + actWidth] = (float) ((advantages[row] - advMean) / advStd);
            policyLabels[lo + actWidth + 1] = batch.logProbs[row];
            valueLabels[2 * i] = valueTargets[row];
            valueLabels[2 * i + 1] = oldValues[row];
        }
        INDArray obsRows = Nd4j.create(obs, n, obsSize), policyRows = Nd4j.create(policyLabels, n, labelWidth),
                valueRows = Nd4j.create(valueLabels, n, 2);
        if (fitter != null) {
            queued.add(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {obsRows}, new INDArray[] {policyRows, valueRows}));
            return Double.NaN;
        }
        return optimizer.step(net.params(), net.gradient(obsRows, policyRows, valueRows), lr, config.maxGradNorm());
    }

    /**
     * With a fitter, fits the minibatches {@link #gradientStep} queued (one epoch); without one, the steps were taken
     * already. The loss on the queued minibatches before the first epoch and after the last is measured here.
     */
    protected void fitQueued(Metrics metrics, double lr) {
        if (fitter == null || queued.isEmpty()) return;
        if (metrics.fitLossBefore == null) metrics.fitLossBefore = meanLoss(queued);
        fitter.fit(queued, lr);
        metrics.lastFitted = new ArrayList<>(queued);
        queued.clear();
    }

    /** The mean of both heads' losses over {@code minibatches} (the losses' current settings), forward passes only. */
    public double meanLoss(List<MultiDataSet> minibatches) {
        double sum = 0;
        for (MultiDataSet m : minibatches) sum += net.graph().score(m);
        return sum / minibatches.size();
    }

    /** Running means of per-step statistics, reported as the update's metrics. */
    protected final class Metrics {
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private int steps;
        /** With a fitter: the loss before its first epoch, and the minibatches of its last. */
        private Double fitLossBefore;
        private List<MultiDataSet> lastFitted;

        /**
         * Records one gradient step: its grad norm and the losses' statistics of that minibatch (none when a fitter
         * takes the steps elsewhere: its losses come from {@link #fitQueued}).
         */
        void addStep(double gradNorm) {
            if (fitter != null) return;
            steps++;
            add("policy_loss", net.policyLoss().lastPolicyLoss());
            add("value_loss", net.valueLoss().lastValueLoss());
            add("entropy", net.policyLoss().lastEntropy());
            add("approx_kl", net.policyLoss().lastApproxKl());
            add("clip_fraction", net.policyLoss().lastClipFraction());
            add("grad_norm", gradNorm);
        }

        private void add(String key, double value) { sums.merge(key, value, Double::sum); }

        Map<String, Double> finish(Segment batch, float[] returns, double lr) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            sums.forEach((k, v) -> metrics.put(k, v / steps));
            if (lastFitted != null) {
                metrics.put("fit_loss_before", fitLossBefore);
                metrics.put("fit_loss_after", meanLoss(lastFitted));
            }
            metrics.put("explained_variance", explainedVariance(batch.values, returns));
            metrics.put("learning_rate", lr);
            if (popArt != null) {
                metrics.put("value_mean", popArt.mean());
                metrics.put("value_std", popArt.std());
            }
            return metrics;
        }
    }

    /** {@code 1 - Var(returns - values) / Var(returns)}: 1 is a perfect critic, 0 no better than a constant. */
    static double explainedVariance(float[] values, float[] returns) {
        double mean = 0, meanDiff = 0;
        for (int i = 0; i < returns.length; i++) {
            mean += returns[i];
            meanDiff += returns[i] - values[i];
        }
        mean /= returns.length;
        meanDiff /= returns.length;
        double var = 0, varDiff = 0;
        for (int i = 0; i < returns.length; i++) {
            var += (returns[i] - mean) * (returns[i] - mean);
            double d = returns[i] - values[i] - meanDiff;
            varDiff += d * d;
        }
        return var == 0 ? Double.NaN : 1 - varDiff / var;
    }
}
