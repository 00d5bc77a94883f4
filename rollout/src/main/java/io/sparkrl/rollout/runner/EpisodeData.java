package io.sparkrl.rollout.runner;

import java.io.Serializable;

/**
 * One finished episode, column by column: what the steps and episodes tables store. Observations are flat
 * float32 arrays, {@code obsSize} floats per step; actions are {@code discreteActions} (Discrete spaces) or
 * {@code continuousActions} with {@code actSize} floats per step (Box spaces), the other one null.
 */
public record EpisodeData(
        long episodeId,
        long seed,
        int obsSize,
        int actSize,
        float[] obs,
        float[] nextObs,
        int[] discreteActions,
        float[] continuousActions,
        double[] rewards,
        boolean terminated,
        boolean truncated,
        long startEpochMillis,
        long wallNanos) implements Serializable {

    public int length() { return rewards.length; }

    public double episodeReturn() {
        double sum = 0;
        for (double r : rewards) sum += r;
        return sum;
    }
}
