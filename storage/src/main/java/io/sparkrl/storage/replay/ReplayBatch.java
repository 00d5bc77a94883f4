package io.sparkrl.storage.replay;

/**
 * A batch sampled by {@link ReplayBuffer#sample}, row i for the i-th transition. The learner's target is
 * {@code returns[i] + discounts[i] * max_a Q(nextObs[i], a)}, weighted by {@code weights[i]}.
 */
public final class ReplayBatch {
    public final int size, obsSize, actionWidth;
    /** Observations, {@code size x obsSize} floats (frame stacks rebuilt for frame layouts). */
    public final float[] obs;
    /**
     * The bootstrap observations, laid out as {@link #obs}: the observation n steps later, or the episode's final
     * observation where the window ends with the episode (unused where it terminated: the discount is 0).
     */
    public final float[] nextObs;
    /** Discrete actions, or null for Box actions. */
    public final int[] actions;
    /** Box actions, {@code size x actionWidth}, or null for discrete actions. */
    public final float[] continuousActions;
    /** n-step sums of raw rewards: {@code sum over k < m of gamma^k r[t+k]} over the transition's m-step window. */
    public final float[] returns;
    /** {@code gamma^m}, or 0 where the window ends with a termination (no bootstrap). */
    public final float[] discounts;
    /** Importance-sampling weights, at most 1; all 1 for uniform sampling. */
    public final float[] weights;
    /** Ids of the sampled transitions, for {@link ReplayBuffer#updatePriorities}. */
    public final long[] indices;

    /** An empty batch to fill: the buffer's samples, or a benchmark's synthetic rows. */
    public ReplayBatch(int size, int obsSize, boolean discrete, int actionWidth) {
        this.size = size;
        this.obsSize = obsSize;
        this.actionWidth = actionWidth;
        obs = new float[Math.multiplyExact(size, obsSize)];
        nextObs = new float[obs.length];
        actions = discrete ? new int[size] : null;
        continuousActions = discrete ? null : new float[size * actionWidth];
        returns = new float[size];
        discounts = new float[size];
        weights = new float[size];
        indices = new long[size];
    }
}
