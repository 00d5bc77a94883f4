package io.sparkrl.rollout.runner;

import java.io.Serializable;
import java.util.List;

/**
 * {@code steps} steps of {@code numEnvs} env copies collected with a learned policy, time-major: the row of
 * step {@code t} of copy {@code k} is {@code t * numEnvs + k}. What on-policy learners train on and what the
 * steps and episodes tables record.
 *
 * <p>{@code nextObs} is the observation after each step (the final one where the episode ended, not the reset
 * one); {@code bootstrapValues} holds the critic's value of that final observation on truncated steps (NaN
 * elsewhere), so a learner can bootstrap episodes cut by a time limit; {@code lastValues} are the values of the
 * observations after the segment's last step, to bootstrap the segment's end.
 */
public record Segment(
        int steps,
        int numEnvs,
        int obsSize,
        int actSize,
        long firstGlobalStep,
        float[] obs,
        float[] nextObs,
        int[] discreteActions,
        float[] continuousActions,
        float[] logProbs,
        float[] values,
        double[] rewards,
        boolean[] terminated,
        boolean[] truncated,
        float[] bootstrapValues,
        float[] lastValues,
        long[] episodeIds,
        int[] stepInEpisode,
        List<FinishedEpisode> finishedEpisodes) implements Serializable {

    public int rows() { return steps * numEnvs; }

    /**
     * An episode that ended inside this segment (it may have begun in an earlier one). Global steps count the
     * run's env steps, all copies together: {@code startGlobalStep} before its first step, {@code endGlobalStep}
     * after its last.
     */
    public record FinishedEpisode(long episodeId, long seed, double episodeReturn, int length, boolean terminated,
                                  boolean truncated, long startGlobalStep, long endGlobalStep, long startEpochMillis,
                                  double wallSeconds)
            implements Serializable {}
}
