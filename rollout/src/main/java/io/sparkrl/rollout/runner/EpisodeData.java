package io.sparkrl.rollout.runner;

import java.io.Serializable;

/**
 * One finished episode, column by column: what the steps and episodes tables store. Observations are flat
 * float32 arrays, {@code obsSize} floats per step; or, for frame stacks ({@code frames} not null), only each
 * step's newest frame, {@code frameBytes} ({@code frames.frameSize()} bytes per step), and the newest frame of the
 * final observation, {@code finalFrame} ({@code obs} and {@code nextObs} then null: an Atari episode of 10,000
 * steps is 70 MB so, 2.2 GB as float stacks). Actions are {@code discreteActions} (Discrete spaces) or
 * {@code continuousActions} with {@code actSize} floats per step (Box spaces), the other one null.
 */
public record EpisodeData(
        long episodeId,
        long seed,
        int obsSize,
        int actSize,
        float[] obs,
        float[] nextObs,
        Frames frames,
        byte[] frameBytes,
        byte[] finalFrame,
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
