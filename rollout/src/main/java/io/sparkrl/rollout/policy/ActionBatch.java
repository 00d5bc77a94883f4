package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Space;

/** Reusable output buffers of {@link BatchPolicy#act} for up to {@code capacity} observations. */
public final class ActionBatch {
    public final int actSize;
    /** Discrete actions, or null for a Box action space. */
    public final int[] discrete;
    /** Box actions, {@code actSize} per row, or null for a Discrete action space. */
    public final float[] continuous;
    public final float[] logProb;
    public final float[] value;

    public ActionBatch(int capacity, Space actionSpace) {
        boolean isDiscrete = actionSpace instanceof Space.Discrete;
        this.actSize = actionSpace.flatSize();
        this.discrete = isDiscrete ? new int[capacity] : null;
        this.continuous = isDiscrete ? null : new float[capacity * actSize];
        this.logProb = new float[capacity];
        this.value = new float[capacity];
    }
}
