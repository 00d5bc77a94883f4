package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.ActionBatch;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.vector.VectorEnv;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps a {@link VectorEnv} with a {@link BatchPolicy} into {@link OnPolicyBatch}es, one segment after another
 * (episodes run on across segments), and records finished episodes. One network call per step, plus one on
 * steps where some episode was truncated (to value the final observations) and one per segment for the
 * last observations.
 */
public final class RolloutCollector {
    /** A finished episode: its undiscounted raw return and length. */
    public record Episode(double episodeReturn, int length) {}

    private final VectorEnv env;
    private final Rng rng;
    private final ActionBatch actions;
    private final double[] runningReturns;
    private final int[] runningLengths;
    private final float[] truncatedObs;
    private final float[] truncatedValues;
    private final List<Episode> finished = new ArrayList<>();

    /** Resets {@code env} with {@code seed} (slot i gets {@code seed + i}); actions are sampled with {@code rng}. */
    public RolloutCollector(VectorEnv env, long seed, Rng rng) {
        this.env = env;
        this.rng = rng;
        int k = env.numEnvs();
        actions = new ActionBatch(k, env.singleActionSpace());
        runningReturns = new double[k];
        runningLengths = new int[k];
        truncatedObs = new float[k * env.obsSize()];
        truncatedValues = new float[k];
        env.reset(seed);
    }

    /** Fills all of {@code out} (whose numEnvs must match the env's) with the next {@code out.numSteps} steps. */
    public void collect(BatchPolicy policy, OnPolicyBatch out) {
        int k = env.numEnvs(), obsSize = env.obsSize();
        if (out.numEnvs != k) throw new IllegalArgumentException("batch has " + out.numEnvs + " env slots, env has " + k);
        for (int t = 0; t < out.numSteps; t++) {
            int row = t * k;
            System.arraycopy(env.observations(), 0, out.obs, row * obsSize, k * obsSize);
            policy.act(env.observations(), k, rng, false, actions);
            System.arraycopy(actions.logProb, 0, out.logProbs, row, k);
            System.arraycopy(actions.value, 0, out.values, row, k);
            if (out.discrete()) {
                System.arraycopy(actions.discrete, 0, out.discreteActions, row, k);
                env.step(actions.discrete);
            } else {
                System.arraycopy(actions.continuous, 0, out.continuousActions, row * out.actionWidth, k * out.actionWidth);
                env.step(actions.continuous);
            }
            recordStep(policy, out, row, obsSize);
        }
        policy.values(env.observations(), k, out.lastValues);
    }

    private void recordStep(BatchPolicy policy, OnPolicyBatch out, int row, int obsSize) {
        int k = env.numEnvs(), truncatedCount = 0;
        double[] rewards = env.rewards();
        boolean[] terminated = env.terminated(), truncated = env.truncated();
        for (int i = 0; i < k; i++) {
            out.rewards[row + i] = (float) rewards[i];
            out.terminated[row + i] = terminated[i];
            out.truncated[row + i] = truncated[i];
            out.bootstrapValues[row + i] = 0;
            runningReturns[i] += rewards[i];
            runningLengths[i]++;
            if (truncated[i] && !terminated[i])
                System.arraycopy(env.finalObservations(), i * obsSize, truncatedObs, truncatedCount++ * obsSize, obsSize);
            if (terminated[i] || truncated[i]) {
                finished.add(new Episode(runningReturns[i], runningLengths[i]));
                runningReturns[i] = 0;
                runningLengths[i] = 0;
            }
        }
        if (truncatedCount == 0) return;
        policy.values(truncatedObs, truncatedCount, truncatedValues);
        for (int i = 0, next = 0; i < k; i++)
            if (truncated[i] && !terminated[i]) out.bootstrapValues[row + i] = truncatedValues[next++];
    }

    /** Episodes finished since the last call, oldest first. */
    public List<Episode> drainEpisodes() {
        List<Episode> episodes = new ArrayList<>(finished);
        finished.clear();
        return episodes;
    }
}
