package io.sparkrl.rollout.conformance;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a candidate with a golden file by the rules of {@code check_golden.py}: episodes matched by id (else
 * by position), actions, flags and step counts exact, numbers within the env's absolute tolerance, observations
 * within that tolerance plus one float32 ulp of the golden value.
 */
public final class TrajectoryComparison {
    private static final Map<String, Double> TOLERANCES = Map.of("CartPole-v1", 1e-6, "MountainCar-v0", 1e-6,
            "MountainCarContinuous-v0", 1e-5, "Acrobot-v1", 1e-6, "Pendulum-v1", 1e-6);
    private static final double FALLBACK_TOLERANCE = 1e-5;

    private final Map<String, Double> maxErrors = new TreeMap<>();
    private String firstFailure;
    private boolean episodeFailed;

    private TrajectoryComparison() {}

    /** The absolute tolerance for state and reward of {@code envId} (observations get one float32 ulp more). */
    public static double tolerance(String envId) { return TOLERANCES.getOrDefault(envId, FALLBACK_TOLERANCE); }

    public static ConformanceReport.FileResult compare(Path goldenPath, Trajectories.File gold, Path candidatePath,
                                                       Trajectories.File candidate, boolean skipUnstable) {
        TrajectoryComparison c = new TrajectoryComparison();
        if (!gold.envId().equals(candidate.envId())) c.fail("env_id " + candidate.envId() + " != golden " + gold.envId());
        double tol = tolerance(gold.envId());
        Map<String, Trajectories.Episode> byId = new HashMap<>();
        boolean matchById = candidate.episodes().stream().allMatch(e -> e.id() != null);
        if (matchById) candidate.episodes().forEach(e -> byId.put(e.id(), e));
        else if (candidate.episodes().size() != gold.episodes().size())
            c.fail(candidate.episodes().size() + " episodes in candidate, " + gold.episodes().size() + " in golden");
        int compared = 0, passed = 0, skipped = 0, steps = 0;
        for (int e = 0; e < gold.episodes().size(); e++) {
            Trajectories.Episode g = gold.episodes().get(e);
            if (skipUnstable && !g.rolloutComparable()) {
                skipped++;
                continue;
            }
            String tag = g.id() != null ? g.id() : "episode " + e;
            Trajectories.Episode cand = matchById ? byId.get(g.id())
                    : e < candidate.episodes().size() ? candidate.episodes().get(e) : null;
            compared++;
            c.episodeFailed = false;
            if (cand == null) c.fail(tag + ": episode missing from candidate");
            else steps += c.compareEpisode(tag, g, cand, tol);
            if (!c.episodeFailed) passed++;
        }
        return new ConformanceReport.FileResult(goldenPath, candidatePath, gold.envId(), compared, passed, skipped,
                steps, c.maxErrors, c.firstFailure);
    }

    private int compareEpisode(String tag, Trajectories.Episode g, Trajectories.Episode c, double tol) {
        if (g.seed() != c.seed()) fail(tag + ": seed " + c.seed() + " != golden " + g.seed());
        if (c.initialState() != null && g.initialState() != null)
            vector(tag, "initial_state", g.initialState(), c.initialState(), tol, false);
        if (c.initialObs() != null && g.initialObs() != null)
            vector(tag, "initial_obs", g.initialObs(), c.initialObs(), tol, true);
        List<Trajectories.Step> gs = g.steps(), cs = c.steps();
        if (gs.size() != cs.size()) fail(tag + ": " + cs.size() + " steps in candidate, " + gs.size() + " in golden");
        int n = Math.min(gs.size(), cs.size());
        for (int i = 0; i < n; i++) {
            Trajectories.Step gst = gs.get(i), cst = cs.get(i);
            String where = tag + " step " + i;
            if (gst.discreteAction() != cst.discreteAction() || !Arrays.equals(gst.action(), cst.action()))
                fail(where + ": action " + Arrays.toString(cst.action()) + " != golden " + Arrays.toString(gst.action()));
            vector(where, "obs", gst.obs(), cst.obs(), tol, true);
            vector(where, "next_obs", gst.nextObs(), cst.nextObs(), tol, true);
            vector(where, "reward", new double[] {gst.reward()}, new double[] {cst.reward()}, tol, false);
            if (gst.terminated() != cst.terminated())
                fail(where + ": terminated=" + cst.terminated() + " != golden " + gst.terminated());
            if (gst.truncated() != cst.truncated())
                fail(where + ": truncated=" + cst.truncated() + " != golden " + gst.truncated());
            if (gst.state() != null && cst.state() != null) vector(where, "state", gst.state(), cst.state(), tol, false);
            if (gst.nextState() != null && cst.nextState() != null)
                vector(where, "next_state", gst.nextState(), cst.nextState(), tol, false);
        }
        return n;
    }

    private void vector(String where, String field, double[] gold, double[] cand, double tol, boolean obsLike) {
        if (gold.length != cand.length) {
            maxErrors.put(field, Double.POSITIVE_INFINITY);
            fail(where + ": " + field + " length " + cand.length + " != golden " + gold.length);
            return;
        }
        double worst = 0;
        boolean bad = false;
        for (int i = 0; i < gold.length; i++) {
            double err = Double.isFinite(cand[i]) ? Math.abs(cand[i] - gold[i]) : Double.POSITIVE_INFINITY;
            worst = Math.max(worst, err);
            double limit = tol + (obsLike ? Math.ulp((float) gold[i]) : 0.0);
            if (!(err <= limit)) bad = true;
        }
        maxErrors.merge(field, worst, Math::max);
        if (bad) fail(where + ": " + field + " max|err|=" + String.format("%.3e", worst) + " > tol, golden "
                + Arrays.toString(gold) + " candidate " + Arrays.toString(cand));
    }

    private void fail(String message) {
        episodeFailed = true;
        if (firstFailure == null) firstFailure = message;
    }
}
