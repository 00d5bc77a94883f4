package io.sparkrl.training.onpolicy;

import java.io.Serializable;
import java.util.List;

/**
 * One on-policy rollout: {@code numSteps} (T) steps of {@code numEnvs} (K) env slots, time-major (row
 * {@code t*K + k} is slot k at step t), filled by {@link RolloutCollector} or by hand.
 *
 * <p>Per row: the observation the action was chosen from, the action, its log-probability and the value estimate
 * (return units) from the acting policy, the raw env reward, and whether the episode ended in that step:
 * {@code terminated} (a true terminal state: no future value) or {@code truncated} (cut by a time limit: the
 * future is worth {@code bootstrapValues[row]}, the value of the final observation). {@code lastValues[k]} is the
 * value of slot k's observation after the last step, to bootstrap the unfinished end of the segment.
 */
public final class OnPolicyBatch implements Serializable {
    public final int numSteps, numEnvs, obsSize, actionWidth;
    public final float[] obs;
    /** Discrete actions, or null for a Box action space. */
    public final int[] discreteActions;
    /** Box actions, {@code actionWidth} per row, or null for a Discrete action space. */
    public final float[] continuousActions;
    public final float[] logProbs, values, rewards, bootstrapValues;
    public final boolean[] terminated, truncated;
    public final float[] lastValues;

    /** An empty batch; {@code actionWidth} is 1 for Discrete action spaces (see {@link ActorCriticSpec#actionWidth()}). */
    public OnPolicyBatch(int numSteps, int numEnvs, int obsSize, boolean discrete, int actionWidth) {
        this.numSteps = numSteps;
        this.numEnvs = numEnvs;
        this.obsSize = obsSize;
        this.actionWidth = discrete ? 1 : actionWidth;
        int rows = numSteps * numEnvs;
        obs = new float[rows * obsSize];
        discreteActions = discrete ? new int[rows] : null;
        continuousActions = discrete ? null : new float[rows * actionWidth];
        logProbs = new float[rows];
        values = new float[rows];
        rewards = new float[rows];
        bootstrapValues = new float[rows];
        terminated = new boolean[rows];
        truncated = new boolean[rows];
        lastValues = new float[numEnvs];
    }

    public static OnPolicyBatch forSpec(ActorCriticSpec spec, int numSteps, int numEnvs) {
        return new OnPolicyBatch(numSteps, numEnvs, spec.obsSize(), spec.discrete(), spec.actionWidth());
    }

    public boolean discrete() { return discreteActions != null; }

    /** Rows: {@code numSteps * numEnvs}. */
    public int size() { return numSteps * numEnvs; }

    /** Batches of the same length side by side: their env slots, in list order, become the slots of one batch. */
    public static OnPolicyBatch concatEnvs(List<OnPolicyBatch> parts) {
        OnPolicyBatch first = parts.get(0);
        int envs = 0;
        for (OnPolicyBatch p : parts) {
            if (p.numSteps != first.numSteps || p.obsSize != first.obsSize || p.actionWidth != first.actionWidth
                    || p.discrete() != first.discrete())
                throw new IllegalArgumentException("batches differ in steps, observation or action size");
            envs += p.numEnvs;
        }
        OnPolicyBatch out = new OnPolicyBatch(first.numSteps, envs, first.obsSize, first.discrete(), first.actionWidth);
        int slot = 0;
        for (OnPolicyBatch p : parts) {
            for (int t = 0; t < p.numSteps; t++) {
                int from = t * p.numEnvs, to = t * envs + slot, k = p.numEnvs;
                System.arraycopy(p.obs, from * p.obsSize, out.obs, to * out.obsSize, k * p.obsSize);
                if (p.discrete()) System.arraycopy(p.discreteActions, from, out.discreteActions, to, k);
                else System.arraycopy(p.continuousActions, from * p.actionWidth, out.continuousActions,
                        to * out.actionWidth, k * p.actionWidth);
                System.arraycopy(p.logProbs, from, out.logProbs, to, k);
                System.arraycopy(p.values, from, out.values, to, k);
                System.arraycopy(p.rewards, from, out.rewards, to, k);
                System.arraycopy(p.bootstrapValues, from, out.bootstrapValues, to, k);
                System.arraycopy(p.terminated, from, out.terminated, to, k);
                System.arraycopy(p.truncated, from, out.truncated, to, k);
            }
            System.arraycopy(p.lastValues, 0, out.lastValues, slot, p.numEnvs);
            slot += p.numEnvs;
        }
        return out;
    }
}
