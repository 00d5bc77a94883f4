package io.sparkrl.rollout.conformance;

import java.util.List;

/** The golden-file schema (version 1, see the golden README) as Java records; a candidate file uses the same. */
public final class Trajectories {
    private Trajectories() {}

    /** One file: the episodes of one env. {@code maxEpisodeSteps} is 0 when the file does not say. */
    public record File(String envId, int maxEpisodeSteps, List<Episode> episodes) {}

    /**
     * One episode. {@code rolloutComparable} is false for episodes whose open-loop rollout amplifies rounding
     * differences beyond the tolerances (they are only checked re-synced).
     */
    public record Episode(String id, long seed, String policy, double[] initialState, double[] initialObs, String end,
                          boolean rolloutComparable, List<Step> steps) {}

    /**
     * One step. {@code action} holds the Box action, or the Discrete action as its single element when
     * {@code discreteAction}. {@code state} and {@code nextState} may be null (optional in candidates).
     */
    public record Step(double[] obs, double[] action, boolean discreteAction, double reward, boolean terminated,
                       boolean truncated, double[] nextObs, double[] state, double[] nextState) {}

    /** The episode's end as the schema names it, from its last step. */
    static String endOf(List<Step> steps) {
        if (steps.isEmpty()) return "cut";
        Step last = steps.get(steps.size() - 1);
        return last.terminated() ? "terminated" : last.truncated() ? "truncated" : "cut";
    }
}
