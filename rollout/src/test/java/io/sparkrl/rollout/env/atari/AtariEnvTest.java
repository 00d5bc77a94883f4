package io.sparkrl.rollout.env.atari;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The raw ALE env on the test ROM (Tetris: minimal set NOOP FIRE RIGHT LEFT DOWN, no lives). */
class AtariEnvTest {

    private static int frame(StepResult<byte[]> r) { return (Integer) r.info().get("episode_frame_number"); }

    @Test void v5AndNoFrameskipSemantics() {
        try (AtariEnv v5 = TestRoms.env("ALE/Tetris-v5"); AtariEnv nf = TestRoms.env("TetrisNoFrameskip-v4")) {
            assertEquals(0.25f, v5.config().repeatActionProbability());
            assertEquals(0f, nf.config().repeatActionProbability());
            assertEquals(0.25f, v5.ale().getFloat("repeat_action_probability"), "ALE itself is sticky");
            assertEquals(0f, nf.ale().getFloat("repeat_action_probability"));
            assertEquals(1, v5.ale().getInt("frame_skip"), "sparkrl repeats actions itself, as ale-py");
            assertEquals(List.of("NOOP", "FIRE", "RIGHT", "LEFT", "DOWN"), v5.actionMeanings());
            assertEquals(new Space.Discrete(5), v5.actionSpace());
            assertArrayEquals(new int[] {210, 160, 3}, ((Space.Box) v5.observationSpace()).shape());
            ResetResult<byte[]> r = v5.reset(1);
            assertEquals(210 * 160 * 3, r.obs().length);
            assertEquals(Set.of("lives", "episode_frame_number", "frame_number"), r.info().keySet());
            assertEquals(0, r.info().get("episode_frame_number"));
            nf.reset(1);
            for (int t = 1; t <= 5; t++) {
                assertEquals(4 * t, frame(v5.step(0)));
                assertEquals(t, frame(nf.step(0)));
            }
            assertThrows(IllegalArgumentException.class, () -> v5.step(5));
        }
    }

    @Test void v4DrawsTwoToFourFramesPerStep() {
        try (AtariEnv env = TestRoms.env("Tetris-v4")) {
            env.reset(3);
            Set<Integer> skips = new HashSet<>();
            int previous = 0;
            for (int t = 0; t < 60; t++) {
                int now = frame(env.step(0));
                skips.add(now - previous);
                previous = now;
            }
            assertEquals(Set.of(2, 3, 4), skips);
        }
    }

    @Test void sameSeedSameFramesAndReseedingReloads() {
        try (AtariEnv a = TestRoms.env("ALE/Tetris-v5"); AtariEnv b = TestRoms.env("ALE/Tetris-v5")) {
            Rng actions = new Rng(7);
            assertArrayEquals(a.reset(42).obs(), b.reset(42).obs());
            for (int t = 0; t < 200; t++) {
                int action = actions.nextInt(5);
                StepResult<byte[]> ra = a.step(action), rb = b.step(action);
                assertArrayEquals(ra.obs(), rb.obs(), "step " + t);
                assertEquals(ra.info(), rb.info());
            }
            // Reseeding with the same seed replays the same episode from a fresh ROM load (frame_number restarts).
            byte[] first = a.reset(42).obs();
            assertEquals(0, a.frameNumber());
            assertArrayEquals(first, b.reset(42).obs());
        }
    }

    @Test void terminatedAtGameOverAndTruncatedAtTheFrameCap() {
        try (AtariEnv env = TestRoms.env("ALE/Tetris-v5")) {
            env.reset(5);
            StepResult<byte[]> r;
            int steps = 0;
            do {
                r = env.step(4); // DOWN: pieces drop fast, the well fills
                steps++;
            } while (!r.done() && steps < 5000);
            assertTrue(r.terminated(), "Tetris ends within 5000 steps of DOWN");
            assertFalse(r.truncated());
            assertEquals(0, r.info().get("lives"));
        }
        AtariEnv.Config capped = new AtariEnv.Config("tetris", AtariEnv.ObsType.RGB, 4, 4, 0f, false, 10);
        try (AtariEnv env = new AtariEnv(new EnvSpec("capped", 0, Double.NaN), capped, TestRoms.tetris())) {
            env.reset(1);
            assertFalse(env.step(0).done());
            assertFalse(env.step(0).done());
            StepResult<byte[]> r = env.step(0); // 8 frames so far: this step plays 2 of its 4, up to the cap of 10
            assertTrue(r.truncated());
            assertFalse(r.terminated());
            assertEquals(10, frame(r));
            assertEquals(10, frame(env.step(0)), "no frames past the cap");
            assertEquals(108_000, AtariIds.config("ALE/Tetris-v5").maxEpisodeFrames());
        }
    }

    @Test void grayscaleAndRamObservations() {
        try (AtariEnv gray = TestRoms.env("TetrisNoFrameskip-v4", AtariEnv.ObsType.GRAYSCALE);
             AtariEnv rgb = TestRoms.env("TetrisNoFrameskip-v4");
             AtariEnv ram = TestRoms.env("Tetris-ramNoFrameskip-v4")) {
            assertArrayEquals(new int[] {210, 160}, ((Space.Box) gray.observationSpace()).shape());
            byte[] g = gray.reset(9).obs(), c = rgb.reset(9).obs();
            // ALE's grayscale screen is OpenCV's RGB2GRAY of its RGB screen, byte for byte.
            for (int i = 0; i < g.length; i++)
                assertEquals(g[i] & 0xFF, WarpFrame.gray(c[3 * i] & 0xFF, c[3 * i + 1] & 0xFF, c[3 * i + 2] & 0xFF), "pixel " + i);
            assertEquals(128, ram.reset(9).obs().length);
            assertArrayEquals(new int[] {128}, ((Space.Box) ram.observationSpace()).shape());
        }
    }

    @Test void paletteExpansionMatchesAlesScreenCalls() {
        try (AtariEnv rgb = TestRoms.env("TetrisNoFrameskip-v4"); AtariEnv gray = TestRoms.env("TetrisNoFrameskip-v4", AtariEnv.ObsType.GRAYSCALE)) {
            rgb.reset(4);
            gray.reset(4);
            byte[] aleRgb = new byte[210 * 160 * 3], aleGray = new byte[210 * 160];
            Rng actions = new Rng(4);
            for (int t = 0; t < 300; t++) {
                int a = actions.nextInt(5);
                byte[] o = rgb.step(a).obs(), g = gray.step(a).obs();
                if (t % 10 != 0) continue;
                rgb.ale().getScreenRGB(aleRgb);
                gray.ale().getScreenGrayscale(aleGray);
                assertArrayEquals(aleRgb, o, "step " + t);
                assertArrayEquals(aleGray, g, "step " + t);
            }
        }
    }

    @Test void closedEnvRefusesToStep() {
        AtariEnv env = TestRoms.env("TetrisNoFrameskip-v4");
        env.reset(1);
        env.close();
        env.close();
        assertThrows(IllegalStateException.class, () -> env.step(0));
    }
}
