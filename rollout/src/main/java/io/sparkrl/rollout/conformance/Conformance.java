package io.sparkrl.rollout.conformance;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.HasState;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.env.TimeLimit;
import io.sparkrl.rollout.env.UnknownEnvException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replays golden trajectory files (Gymnasium recordings, schema in the golden README) through the Java envs,
 * writes a candidate file of the same name and schema for {@code check_golden.py}, and compares it with the
 * golden one in Java using the same tolerances.
 */
public final class Conformance {

    public enum Mode {
        /** Before each step, set the state to the recorded one: tests the one-step map everywhere. */
        RESYNC,
        /** Set only the initial state, then replay the recorded actions; skips non-comparable episodes. */
        OPEN_LOOP;

        /** Parses "resync" or "open-loop" (as the CLI spells them). */
        public static Mode parse(String s) {
            return switch (s.toLowerCase().replace('_', '-')) {
                case "resync" -> RESYNC;
                case "open-loop" -> OPEN_LOOP;
                default -> throw new IllegalArgumentException("unknown mode '" + s + "': use resync or open-loop");
            };
        }
    }

    private Conformance() {}

    /** Replays one golden file, or every {@code *.json} file in a directory, writing candidates into {@code outDir}. */
    public static ConformanceReport run(Path goldenFileOrDir, Path outDir, Mode mode) {
        List<ConformanceReport.FileResult> results = new ArrayList<>();
        for (Path golden : goldenFiles(goldenFileOrDir)) {
            Trajectories.File gold = TrajectoryJson.read(golden);
            Trajectories.File candidate = replay(golden, gold, mode);
            Path out = outDir.resolve(golden.getFileName());
            TrajectoryJson.write(out, candidate);
            results.add(TrajectoryComparison.compare(golden, gold, out, candidate, mode == Mode.OPEN_LOOP));
        }
        return new ConformanceReport(mode, results);
    }

    private static List<Path> goldenFiles(Path fileOrDir) {
        if (!Files.isDirectory(fileOrDir)) {
            if (!Files.isRegularFile(fileOrDir)) throw new ConformanceException(fileOrDir, "no such file or directory");
            return List.of(fileOrDir);
        }
        try (Stream<Path> files = Files.list(fileOrDir)) {
            List<Path> json = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            if (json.isEmpty()) throw new ConformanceException(fileOrDir, "no .json files in directory");
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replays every episode of {@code gold} (read from {@code file}) and returns the Java trajectories. */
    public static Trajectories.File replay(Path file, Trajectories.File gold, Mode mode) {
        List<Trajectories.Episode> episodes = new ArrayList<>();
        for (Trajectories.Episode ep : gold.episodes()) episodes.add(replayEpisode(file, gold, ep, mode));
        return new Trajectories.File(gold.envId(), gold.maxEpisodeSteps(), episodes);
    }

    private static Trajectories.Episode replayEpisode(Path file, Trajectories.File gold, Trajectories.Episode ep,
                                                      Mode mode) {
        Env<float[]> bare;
        try {
            bare = EnvRegistry.<float[]>make(gold.envId()).unwrapped();
        } catch (UnknownEnvException e) {
            throw new ConformanceException(file, "env_id: " + e.getMessage(), e);
        }
        if (!(bare instanceof HasState hasState))
            throw new ConformanceException(file, gold.envId() + " does not expose its state (HasState)");
        if (ep.initialState() == null) throw new ConformanceException(file, ep.id() + ": missing initial_state");
        int limit = gold.maxEpisodeSteps() > 0 ? gold.maxEpisodeSteps()
                : Math.max(EnvRegistry.spec(gold.envId()).maxEpisodeSteps(), 0);
        TimeLimit<float[]> env = new TimeLimit<>(bare, limit > 0 ? limit : Integer.MAX_VALUE);
        boolean discrete = env.actionSpace() instanceof Space.Discrete;

        setState(file, hasState, ep.initialState(), ep.id());
        env.setElapsedSteps(0);
        double[] initialObs = widen(hasState.observation());
        double[] obs = initialObs;
        List<Trajectories.Step> steps = new ArrayList<>(ep.steps().size());
        for (int i = 0; i < ep.steps().size(); i++) {
            Trajectories.Step recorded = ep.steps().get(i);
            String where = ep.id() + " step " + i;
            if (mode == Mode.RESYNC) {
                if (recorded.state() == null) throw new ConformanceException(file, where + ": resync needs state");
                setState(file, hasState, recorded.state(), where);
                obs = widen(hasState.observation());
            }
            double[] state = hasState.state();
            StepResult<float[]> result = step(file, env, discrete, recorded, where);
            double[] nextObs = widen(result.obs());
            steps.add(new Trajectories.Step(obs, recorded.action(), discrete, result.reward(), result.terminated(),
                    result.truncated(), nextObs, state, hasState.state()));
            obs = nextObs;
        }
        return new Trajectories.Episode(ep.id(), ep.seed(), ep.policy(), ep.initialState(), initialObs,
                Trajectories.endOf(steps), ep.rolloutComparable(), steps);
    }

    private static StepResult<float[]> step(Path file, TimeLimit<float[]> env, boolean discrete,
                                            Trajectories.Step recorded, String where) {
        if (recorded.discreteAction() != discrete)
            throw new ConformanceException(file, where + ": action " + java.util.Arrays.toString(recorded.action())
                    + " is " + (discrete ? "a list" : "an int") + " but " + env.spec().id() + " has action space "
                    + env.actionSpace());
        try {
            if (discrete) return env.step((int) recorded.action()[0]);
            float[] action = new float[recorded.action().length];
            for (int k = 0; k < action.length; k++) action[k] = (float) recorded.action()[k];
            return env.step(action);
        } catch (IllegalArgumentException e) {
            throw new ConformanceException(file, where + ": " + e.getMessage(), e);
        }
    }

    private static void setState(Path file, HasState env, double[] state, String where) {
        try {
            env.setState(state);
        } catch (IllegalArgumentException e) {
            throw new ConformanceException(file, where + ": " + e.getMessage(), e);
        }
    }

    private static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
