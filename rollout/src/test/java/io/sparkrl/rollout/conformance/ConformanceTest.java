package io.sparkrl.rollout.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.rollout.GoldenData;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.HasState;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.env.TimeLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path tmp;

    @ParameterizedTest
    @EnumSource(Conformance.Mode.class)
    void sharedGoldenFilesPassInJavaAndInThePythonChecker(Conformance.Mode mode) throws Exception {
        Path golden = GoldenData.classicControlDir();
        Path out = tmp.resolve("out");
        ConformanceReport report = Conformance.run(golden, out, mode);
        assertEquals(5, report.files().size());
        assertTrue(report.passed(), report::summary);
        assertTrue(report.files().stream().allMatch(f -> f.episodes() > 0 && f.passedEpisodes() == f.episodes()));
        if (mode == Conformance.Mode.OPEN_LOOP)
            assertTrue(report.files().stream().anyMatch(f -> f.skippedEpisodes() > 0), "CartPole #6 is not comparable");
        assertPythonCheckerPasses(golden, out, mode == Conformance.Mode.OPEN_LOOP);
    }

    /** Runs check_golden.py when python3 is installed (skipped silently otherwise: the Java comparison stands). */
    private static void assertPythonCheckerPasses(Path goldenDir, Path candidateDir, boolean skipUnstable)
            throws IOException, InterruptedException {
        if (!pythonAvailable()) return;
        List<String> cmd = new ArrayList<>(List.of("python3", GoldenData.classicControlDir().resolveSibling("check_golden.py").toString(),
                "--golden-dir", goldenDir.toString(), "--candidate-dir", candidateDir.toString()));
        if (skipUnstable) cmd.add("--skip-unstable");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void perturbedRewardFails() throws IOException {
        Path file = perturbedCopy("CartPole-v1.json", root -> step(root, 0, 3).put("reward", 1.5));
        ConformanceReport.FileResult result = Conformance.run(file, tmp.resolve("out"), Conformance.Mode.RESYNC).files().get(0);
        assertFalse(result.passed());
        assertTrue(result.firstFailure().contains("step 3") && result.firstFailure().contains("reward"),
                result.firstFailure());
        assertEquals(result.episodes() - 1, result.passedEpisodes());
    }

    @Test
    void flippedFlagFailsOpenLoop() throws IOException {
        Path file = perturbedCopy("MountainCar-v0.json", root -> step(root, 0, 199).put("truncated", false));
        ConformanceReport report = Conformance.run(file, tmp.resolve("out"), Conformance.Mode.OPEN_LOOP);
        assertFalse(report.passed());
        assertTrue(report.files().get(0).firstFailure().contains("truncated"), report.summary());
    }

    @Test
    void perturbedStateBeyondToleranceFails() throws IOException {
        Path file = perturbedCopy("Acrobot-v1.json", root -> {
            var nextState = (com.fasterxml.jackson.databind.node.ArrayNode) step(root, 1, 10).get("next_state");
            nextState.set(2, nextState.get(2).asDouble() + 3e-6);
        });
        assertFalse(Conformance.run(file, tmp.resolve("out"), Conformance.Mode.RESYNC).passed());
    }

    @Test
    void malformedFilesGiveOneLineErrorsNamingTheFile() throws IOException {
        Path notJson = Files.writeString(tmp.resolve("broken.json"), "{ this is not json");
        assertOneLineError(notJson, "not valid JSON");
        assertOneLineError(perturbedCopy("CartPole-v1.json", root -> step(root, 0, 2).remove("action")),
                "missing field episodes[0].steps[2].action");
        assertOneLineError(perturbedCopy("CartPole-v1.json", root -> root.put("env_id", "CartPol-v1")),
                "did you mean 'CartPole-v1'");
        assertOneLineError(perturbedCopy("CartPole-v1.json", root -> step(root, 0, 0).putArray("action").add(1.0)),
                "Discrete(2)");
        assertOneLineError(perturbedCopy("Pendulum-v1.json", root -> step(root, 0, 0).put("action", 1)), "Box");
    }

    private void assertOneLineError(Path file, String expected) {
        ConformanceException e = assertThrows(ConformanceException.class,
                () -> Conformance.run(file, tmp.resolve("out"), Conformance.Mode.RESYNC));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /** Episodes the shared files do not have, recorded from the Java envs, replay and compare cleanly. */
    @ParameterizedTest
    @EnumSource(Conformance.Mode.class)
    void syntheticEpisodesRoundTrip(Conformance.Mode mode) throws Exception {
        Path golden = tmp.resolve("golden");
        TrajectoryJson.write(golden.resolve("MountainCarContinuous-v0.json"),
                record("MountainCarContinuous-v0", new double[] {-0.3, 0.01}, 77, 0.125, 300));
        TrajectoryJson.write(golden.resolve("Acrobot-v1.json"),
                record("Acrobot-v1", new double[] {0.5, -0.25, 1.0, -2.0}, 12345, 0, 500));
        TrajectoryJson.write(golden.resolve("CartPole-v1.json"),
                record("CartPole-v1", new double[] {0.1, 0, -0.02, 0.1}, 9, 0, 100));
        Path out = tmp.resolve("out");
        ConformanceReport report = Conformance.run(golden, out, mode);
        assertTrue(report.passed(), report::summary);
        assertEquals(3, report.files().size());
        assertPythonCheckerPasses(golden, out, false);
    }

    /** Records one episode: the README's LCG actions from {@code initialState} until the episode ends or is cut. */
    private static Trajectories.File record(String envId, double[] initialState, int lcgSeed, double boxStep,
                                            int maxSteps) {
        TimeLimit<float[]> env = (TimeLimit<float[]>) EnvRegistry.<float[]>make(envId);
        HasState state = (HasState) env.unwrapped();
        env.reset(0);
        state.setState(initialState);
        env.setElapsedSteps(0);
        boolean discrete = env.actionSpace() instanceof Space.Discrete;
        int n = discrete ? ((Space.Discrete) env.actionSpace()).n() : 21;
        double[] obs = widen(state.observation());
        double[] initialObs = obs;
        List<Trajectories.Step> steps = new ArrayList<>();
        int s = lcgSeed;
        for (int t = 0; t < maxSteps; t++) {
            s = s * 1664525 + 1013904223;
            int k = (s >>> 16) % n;
            double[] action = {discrete ? k : (k - 10) * boxStep};
            double[] before = state.state();
            StepResult<float[]> r = discrete ? env.step(k) : env.step(new float[] {(float) action[0]});
            double[] nextObs = widen(r.obs());
            steps.add(new Trajectories.Step(obs, action, discrete, r.reward(), r.terminated(), r.truncated(), nextObs,
                    before, state.state()));
            obs = nextObs;
            if (r.done()) break;
        }
        var episode = new Trajectories.Episode(envId + "#synthetic", 0, "lcg", initialState, initialObs,
                Trajectories.endOf(steps), true, steps);
        return new Trajectories.File(envId, env.maxEpisodeSteps(), List.of(episode));
    }

    private static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private Path perturbedCopy(String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(GoldenData.classicControlDir().resolve(name).toFile());
        change.accept(root);
        Path dir = Files.createDirectories(tmp.resolve("perturbed-" + System.nanoTime()));
        Path file = dir.resolve(name);
        MAPPER.writeValue(file.toFile(), root);
        return file;
    }

    private static ObjectNode step(ObjectNode root, int episode, int step) {
        return (ObjectNode) root.get("episodes").get(episode).get("steps").get(step);
    }
}
