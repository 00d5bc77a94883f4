package io.sparkrl.training.offpolicy;

import static io.sparkrl.training.CheckpointFile.readDoubles;
import static io.sparkrl.training.CheckpointFile.readLongs;
import static io.sparkrl.training.CheckpointFile.readString;
import static io.sparkrl.training.CheckpointFile.writeDoubles;
import static io.sparkrl.training.CheckpointFile.writeLongs;
import static io.sparkrl.training.CheckpointFile.writeString;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Agent;
import io.sparkrl.training.Agents;
import io.sparkrl.training.CheckpointFile;
import io.sparkrl.training.PolicySnapshot;
import io.sparkrl.training.Schedules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linear Q-learning: one linear model per action on {@link RbfFeatures} of the observation, trained by SGD on the
 * semi-gradient Q-learning target {@code r + gamma max_a' Q(s', a')} (no bootstrap past a terminal state; past a
 * time limit, from the final observation), epsilon-greedy. Each {@link #update} walks the iteration's steps in the
 * order they happened, one SGD step each, so the only difference from fully online learning is that the actors
 * act with the weights of the iteration's start.
 */
public final class LinearQAgent implements Agent {
    private static final String MAGIC = "linear-q";

    private final LinearQConfig config;
    private final RbfFeatures features;
    private final int numActions;
    /** Per action: {@code features.size()} weights, then a bias. */
    private final double[] weights;
    private long envSteps;

    private LinearQAgent(LinearQConfig config, RbfFeatures features, int numActions) {
        this.config = config;
        this.features = features;
        this.numActions = numActions;
        this.weights = new double[numActions * (features.size() + 1)];
    }

    public static LinearQAgent create(Space observationSpace, Space actionSpace, LinearQConfig config, long seed) {
        if (!(actionSpace instanceof Space.Discrete actions))
            throw new BadInputException("linear-q needs a Discrete action space, the env has " + actionSpace
                    + ": use ppo or a2c for continuous actions");
        if (!(observationSpace instanceof Space.Box box))
            throw new BadInputException("linear-q needs a Box observation space, the env has " + observationSpace);
        return new LinearQAgent(config, new RbfFeatures(box, config.rbfGammas(), config.rbfComponents(), seed), actions.n());
    }

    @Override public String algo() { return "linear-q"; }

    @Override public LinearQConfig config() { return config; }

    @Override public long envSteps() { return envSteps; }

    @Override public float[] params() {
        float[] copy = new float[weights.length];
        for (int i = 0; i < copy.length; i++) copy[i] = (float) weights[i];
        return copy;
    }

    public double epsilon() {
        double remaining = Math.max(0, 1 - (double) envSteps / config.totalTimesteps());
        return Schedules.linearDecay(config.explorationInitialEps(), config.explorationFinalEps(),
                config.explorationFraction(), remaining);
    }

    @Override public PolicySnapshot snapshot() {
        return new Snapshot(features, weights.clone(), numActions, epsilon());
    }

    @Override public BatchPolicy policy() { return new QPolicy(new LinearQ(features, weights, numActions), epsilon()); }

    @Override
    public Map<String, Double> update(Segment batch) {
        if (!features.fitted()) features.fit(batch.obs, batch.size());
        int d = features.size(), stride = d + 1;
        double[] phi = new double[d], nextPhi = new double[d];
        double squaredTd = 0;
        for (int row = 0; row < batch.size(); row++) {
            double target = batch.rewards[row];
            if (!batch.terminated[row]) {
                features.transform(batch.nextObs, row, nextPhi);
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < numActions; a++) best = Math.max(best, value(nextPhi, a));
                target += config.gamma() * best;
            }
            features.transform(batch.obs, row, phi);
            int action = batch.discreteActions[row];
            double td = target - value(phi, action), step = config.learningRate() * td;
            int base = action * stride;
            for (int f = 0; f < d; f++) weights[base + f] += step * phi[f];
            weights[base + d] += step;
            squaredTd += td * td;
        }
        envSteps += batch.size();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("td_rmse", Math.sqrt(squaredTd / batch.size()));
        metrics.put("epsilon", epsilon());
        return metrics;
    }

    private double value(double[] phi, int action) { return LinearQ.value(weights, phi, action, phi.length); }

    @Override public void save(Path dir) {
        CheckpointFile.save(dir.resolve(Agents.AGENT_FILE), MAGIC, out -> {
            writeString(out, config.toJson());
            out.writeInt(numActions);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
                objects.writeObject(features);
            }
            out.writeInt(bytes.size());
            bytes.writeTo(out);
            writeDoubles(out, weights);
            writeLongs(out, new long[] {envSteps});
        });
    }

    public static LinearQAgent load(Path dir) {
        return CheckpointFile.load(dir.resolve(Agents.AGENT_FILE), MAGIC, in -> {
            LinearQConfig config = LinearQConfig.fromJson(readString(in));
            int numActions = in.readInt();
            int length = in.readInt();
            if (length < 0 || length > in.available()) throw new IOException("bad length " + length);
            RbfFeatures features;
            try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(in.readNBytes(length)))) {
                features = (RbfFeatures) objects.readObject();
            } catch (ClassNotFoundException | ClassCastException e) {
                throw new IOException("bad feature map: " + e.getMessage());
            }
            LinearQAgent agent = new LinearQAgent(config, features, numActions);
            double[] weights = readDoubles(in);
            if (weights == null || weights.length != agent.weights.length) throw new IOException("bad weight count");
            System.arraycopy(weights, 0, agent.weights, 0, weights.length);
            agent.envSteps = readLongs(in)[0];
            return agent;
        });
    }

    @Override public String describe() {
        return String.format("linear-q: %d actions x %d RBF features (gammas %s), %,d weights", numActions,
                features.size(), Arrays.toString(config.rbfGammas()), weights.length);
    }

    /** Action values of the linear models. */
    record LinearQ(RbfFeatures features, double[] weights, int numActions) implements QPolicy.QFunction {
        static double value(double[] weights, double[] phi, int action, int d) {
            int base = action * (d + 1);
            double q = weights[base + d];
            for (int f = 0; f < d; f++) q += weights[base + f] * phi[f];
            return q;
        }

        @Override public float[] values(float[] obs, int n, Rng rng, boolean deterministic) {
            double[] phi = new double[features.size()];
            float[] q = new float[n * numActions];
            for (int i = 0; i < n; i++) {
                features.transform(obs, i, phi);
                for (int a = 0; a < numActions; a++) q[i * numActions + a] = (float) value(weights, phi, a, phi.length);
            }
            return q;
        }
    }

    /** The weights and exploration rate of one iteration, for executors. */
    record Snapshot(RbfFeatures features, double[] weights, int numActions, double epsilon) implements PolicySnapshot {
        @Override public BatchPolicy toPolicy() { return new QPolicy(new LinearQ(features, weights, numActions), epsilon); }
    }
}
