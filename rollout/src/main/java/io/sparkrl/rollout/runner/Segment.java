package io.sparkrl.rollout.runner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code numSteps} (T) steps of {@code numEnvs} (K) env slots collected with a learned policy, time-major: row
 * {@code t*K + k} is slot k at step t. What the on-policy learners train on and what the steps and episodes
 * tables record. Filled by {@link SegmentCollector} (or by hand in tests).
 *
 * <p>Per row: the observation the action was chosen from and the one after the step ({@code nextObs}: the final
 * observation where the episode ended, not the reset one), the action, its log-probability and the value estimate
 * from the acting policy, the raw env reward, and whether the episode ended in that step: {@code terminated} (a
 * true terminal state: no future value) or {@code truncated} (cut by a time limit: the future is worth
 * {@code bootstrapValues[row]}, the value of the final observation; 0 elsewhere). {@code lastValues[k]} is the
 * value of slot k's observation after the last step, to bootstrap the unfinished end of the segment.
 */
public final class Segment implements Serializable {
    public final int numSteps, numEnvs, obsSize, actionWidth;
    /** The run's env-step count (all slots together) before this segment. */
    public long firstGlobalStep;
    public final float[] obs, nextObs;
    /** Discrete actions, or null for a Box action space. */
    public final int[] discreteActions;
    /** Box actions, {@code actionWidth} per row, or null for a Discrete action space. */
    public final float[] continuousActions;
    public final float[] logProbs, values, rewards, bootstrapValues;
    public final boolean[] terminated, truncated;
    public final float[] lastValues;
    /** The episode each row belongs to, and the row's step index within it. */
    public final long[] episodeIds;
    public final int[] stepInEpisode;
    /** Episodes that ended inside this segment, in the order they ended. */
    public final List<FinishedEpisode> finishedEpisodes = new ArrayList<>();

    /**
     * An episode that ended inside a segment (it may have begun in an earlier one). Global steps count the run's
     * env steps, all slots together: {@code startGlobalStep} before its first step, {@code endGlobalStep} after
     * its last.
     */
    public record FinishedEpisode(long episodeId, long seed, double episodeReturn, int length, boolean terminated,
                                  boolean truncated, long startGlobalStep, long endGlobalStep, long startEpochMillis,
                                  double wallSeconds) implements Serializable {}

    /** An empty segment; {@code actionWidth} is 1 for Discrete action spaces. */
    public Segment(int numSteps, int numEnvs, int obsSize, boolean discrete, int actionWidth) {
        this.numSteps = numSteps;
        this.numEnvs = numEnvs;
        this.obsSize = obsSize;
        this.actionWidth = discrete ? 1 : actionWidth;
        int rows = numSteps * numEnvs;
        obs = new float[rows * obsSize];
        nextObs = new float[rows * obsSize];
        discreteActions = discrete ? new int[rows] : null;
        continuousActions = discrete ? null : new float[rows * actionWidth];
        logProbs = new float[rows];
        values = new float[rows];
        rewards = new float[rows];
        bootstrapValues = new float[rows];
        terminated = new boolean[rows];
        truncated = new boolean[rows];
        lastValues = new float[numEnvs];
        episodeIds = new long[rows];
        stepInEpisode = new int[rows];
    }

    public boolean discrete() { return discreteActions != null; }

    /** Rows: {@code numSteps * numEnvs}. */
    public int size() { return numSteps * numEnvs; }

    /**
     * Segments of the same length side by side (the partitions of one iteration): their env slots, in list order,
     * become the slots of one segment.
     */
    public static Segment concatEnvs(List<Segment> parts) {
        Segment first = parts.get(0);
        int envs = 0;
        for (Segment p : parts) {
            if (p.numSteps != first.numSteps || p.obsSize != first.obsSize || p.actionWidth != first.actionWidth
                    || p.discrete() != first.discrete())
                throw new IllegalArgumentException("segments differ in steps, observation or action size");
            envs += p.numEnvs;
        }
        Segment out = new Segment(first.numSteps, envs, first.obsSize, first.discrete(), first.actionWidth);
        out.firstGlobalStep = first.firstGlobalStep;
        int slot = 0;
        for (Segment p : parts) {
            for (int t = 0; t < p.numSteps; t++) {
                int from = t * p.numEnvs, to = t * envs + slot, k = p.numEnvs;
                System.arraycopy(p.obs, from * p.obsSize, out.obs, to * out.obsSize, k * p.obsSize);
                System.arraycopy(p.nextObs, from * p.obsSize, out.nextObs, to * out.obsSize, k * p.obsSize);
                if (p.discrete()) System.arraycopy(p.discreteActions, from, out.discreteActions, to, k);
                else System.arraycopy(p.continuousActions, from * p.actionWidth, out.continuousActions,
                        to * out.actionWidth, k * p.actionWidth);
                System.arraycopy(p.logProbs, from, out.logProbs, to, k);
                System.arraycopy(p.values, from, out.values, to, k);
                System.arraycopy(p.rewards, from, out.rewards, to, k);
                System.arraycopy(p.bootstrapValues, from, out.bootstrapValues, to, k);
                System.arraycopy(p.terminated, from, out.terminated, to, k);
                System.arraycopy(p.truncated, from, out.truncated, to, k);
                System.arraycopy(p.episodeIds, from, out.episodeIds, to, k);
                System.arraycopy(p.stepInEpisode, from, out.stepInEpisode, to, k);
            }
            System.arraycopy(p.lastValues, 0, out.lastValues, slot, p.numEnvs);
            out.finishedEpisodes.addAll(p.finishedEpisodes);
            slot += p.numEnvs;
        }
        return out;
    }
}
