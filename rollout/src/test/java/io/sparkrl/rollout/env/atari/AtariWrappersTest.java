package io.sparkrl.rollout.env.atari;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each wrapper's behaviour, on scripted frames and on Tetris. */
class AtariWrappersTest {

    private static byte[] max(byte[] a, byte[] b) {
        byte[] m = new byte[a.length];
        for (int i = 0; i < a.length; i++) m[i] = (byte) Math.max(a[i] & 0xFF, b[i] & 0xFF);
        return m;
    }

    private static int frames(Env<?> env) { return ((AtariEnv) env.unwrapped()).episodeFrameNumber(); }

    @Test void maxAndSkipPoolsTheLastTwoFramesAndSumsRewards() {
        ScriptedPixelEnv inner = new ScriptedPixelEnv(100, t -> t, t -> 3);
        MaxAndSkip env = new MaxAndSkip(inner, 4, true);
        assertArrayEquals(ScriptedPixelEnv.frame(0), env.reset().obs());
        StepResult<byte[]> r = env.step(2);
        assertArrayEquals(max(ScriptedPixelEnv.frame(3), ScriptedPixelEnv.frame(4)), r.obs());
        assertNotEquals(Arrays.toString(ScriptedPixelEnv.frame(4)), Arrays.toString(r.obs()));
        assertEquals(1 + 2 + 3 + 4, r.reward());
        assertEquals(List.of(2, 2, 2, 2), inner.actions);
        r = env.step(1);
        assertArrayEquals(max(ScriptedPixelEnv.frame(7), ScriptedPixelEnv.frame(8)), r.obs());
        MaxAndSkip plain = new MaxAndSkip(new ScriptedPixelEnv(100, t -> 0, t -> 0), 3, false);
        plain.reset();
        assertArrayEquals(ScriptedPixelEnv.frame(3), plain.step(0).obs());
    }

    @Test void maxAndSkipStopsAtTheEndOfAnEpisode() {
        ScriptedPixelEnv inner = new ScriptedPixelEnv(6, t -> 1, t -> 0);
        MaxAndSkip env = new MaxAndSkip(inner, 4, true);
        env.reset();
        env.step(0);
        StepResult<byte[]> r = env.step(0); // frames 5, 6: the game ends at 6
        assertTrue(r.terminated());
        assertEquals(2, r.reward());
        assertEquals(6, inner.actions.size());
    }

    @Test void maxAndSkipOnAleGrabsOnlyThePooledScreensWithTheSameResult() {
        // Fast path (AtariEnv is FrameSkippable) against the generic path (a pass-through wrapper hides it).
        try (AtariEnv a = TestRoms.env("TetrisNoFrameskip-v4"); AtariEnv b = TestRoms.env("TetrisNoFrameskip-v4")) {
            MaxAndSkip fast = new MaxAndSkip(a, 4, true);
            MaxAndSkip slow = new MaxAndSkip(new AtariWrapper.Bytes(b) {}, 4, true);
            assertArrayEquals(fast.reset(11).obs(), slow.reset(11).obs());
            Rng actions = new Rng(2);
            for (int t = 0; t < 100; t++) {
                int action = actions.nextInt(5);
                StepResult<byte[]> rf = fast.step(action), rs = slow.step(action);
                assertArrayEquals(rs.obs(), rf.obs(), "step " + t);
                assertEquals(rs.info(), rf.info());
            }
            assertEquals(400, a.episodeFrameNumber());
        }
    }

    @Test void grayAfterPoolIsSb3sPoolThenGray() {
        // Fused pool + gray through the palette table against pooling RGB frames, then WarpFrame's gray step.
        try (AtariEnv a = TestRoms.env("TetrisNoFrameskip-v4"); AtariEnv b = TestRoms.env("TetrisNoFrameskip-v4")) {
            MaxAndSkip fused = new MaxAndSkip(a, 4, true, true);
            WarpFrame sb3 = new WarpFrame(new MaxAndSkip(new AtariWrapper.Bytes(b) {}, 4, true), 210, 160, true);
            assertEquals(AtariWrapper.pixels(210, 160), fused.observationSpace());
            assertArrayEquals(sb3.reset(6).obs(), fused.reset(6).obs());
            Rng actions = new Rng(6);
            for (int t = 0; t < 150; t++) {
                int action = actions.nextInt(5);
                assertArrayEquals(sb3.step(action).obs(), fused.step(action).obs(), "step " + t);
            }
            MaxAndSkip unpooled = new MaxAndSkip(a, 3, false, true);
            unpooled.reset(1);
            byte[] o = unpooled.step(2).obs();
            assertArrayEquals(new WarpFrame(a, 210, 160, true).observation(a.observation()), o);
        }
    }

    @Test void noopResetPlaysOneToThirtyNoops() {
        try (AtariEnv base = TestRoms.env("TetrisNoFrameskip-v4")) {
            NoopReset env = new NoopReset(base, 30);
            env.reset(4);
            int min = Integer.MAX_VALUE, max = 0;
            for (int i = 0; i < 100; i++) {
                ResetResult<byte[]> r = env.reset();
                int n = env.lastNoops();
                assertEquals(n, base.episodeFrameNumber(), "one frame per no-op on NoFrameskip");
                assertEquals(n, r.info().get("episode_frame_number"));
                min = Math.min(min, n);
                max = Math.max(max, n);
            }
            assertTrue(min >= 1 && min <= 3 && max >= 28 && max <= 30, min + ".." + max);
            // Seeded: the same counts again.
            env.reset(4);
            int first = env.lastNoops();
            env.reset(4);
            assertEquals(first, env.lastNoops());
        }
    }

    @Test void episodicLifeEndsEpisodesOnLifeLossAndContinuesTheGame() {
        // Lives 3 until step 5, 2 until step 9, then 1; the game ends at step 12.
        ScriptedPixelEnv inner = new ScriptedPixelEnv(12, t -> 0, t -> t < 5 ? 3 : t < 9 ? 2 : 1);
        EpisodicLife env = new EpisodicLife(inner);
        env.reset();
        StepResult<byte[]> r = null;
        int steps = 0;
        do { r = env.step(1); steps++; } while (!r.done());
        assertEquals(5, steps);
        assertTrue(r.terminated());
        assertFalse(env.wasRealDone());
        env.reset(); // not a real reset: one NOOP step
        assertEquals(1, inner.resets);
        assertEquals(0, (int) inner.actions.get(inner.actions.size() - 1));
        assertEquals(6, inner.t);
        do { r = env.step(1); } while (!r.done());
        assertEquals(9, inner.t);
        env.reset();
        do { r = env.step(1); } while (!r.done());
        assertEquals(12, inner.t);
        assertTrue(env.wasRealDone());
        env.reset();
        assertEquals(2, inner.resets, "a real reset after the game ended");
    }

    @Test void episodicLifeOnTetrisWithoutLivesOnlyEndsAtGameOver() {
        try (AtariEnv base = TestRoms.env("TetrisNoFrameskip-v4")) {
            EpisodicLife env = new EpisodicLife(new MaxAndSkip(base, 4, true));
            env.reset(3);
            StepResult<byte[]> r;
            do { r = env.step(4); } while (!r.done());
            assertTrue(base.reset().info().containsKey("lives"));
            assertTrue(env.wasRealDone());
        }
    }

    @Test void fireResetFiresThenStepsWithActionTwo() {
        try (AtariEnv base = TestRoms.env("TetrisNoFrameskip-v4")) {
            assertTrue(FireReset.applies(base), "Tetris has FIRE at index 1");
            FireReset env = new FireReset(base);
            env.reset(1);
            assertEquals(2, base.episodeFrameNumber());
        }
        ScriptedPixelEnv inner = new ScriptedPixelEnv(100, t -> 0, t -> 0);
        assertTrue(AtariOptions.SB3.fire());
        // Non-Atari envs have no action meanings: FireReset refuses them.
        assertFalse(FireReset.applies(inner));
        assertThrows(IllegalArgumentException.class, () -> new FireReset(inner));
    }

    @Test void clipRewardOnAndOff() {
        int[] rewards = {0, 5, -3, 0, 1};
        Env<byte[]> clipped = new ClipReward(new ScriptedPixelEnv(100, t -> rewards[t % 5], t -> 0));
        Env<byte[]> raw = new ScriptedPixelEnv(100, t -> rewards[t % 5], t -> 0);
        clipped.reset();
        raw.reset();
        double[] c = new double[4], r = new double[4];
        for (int i = 0; i < 4; i++) {
            c[i] = clipped.step(0).reward();
            r[i] = raw.step(0).reward();
        }
        assertArrayEquals(new double[] {1, -1, 0, 1}, c);
        assertArrayEquals(new double[] {5, -3, 0, 1}, r);
        assertFalse(AtariOptions.SB3.clip(), "clipping is off by default");
    }

    @Test void frameStackZeroPadsAtEachReset() {
        FrameStack env = new FrameStack(new ScriptedPixelEnv(3, t -> 0, t -> 0), 4);
        assertArrayEquals(new int[] {4, 2, 3}, ((Space.Box) env.observationSpace()).shape());
        int n = ScriptedPixelEnv.SIZE;
        byte[] obs = env.reset().obs();
        assertArrayEquals(new byte[3 * n], Arrays.copyOfRange(obs, 0, 3 * n));
        assertArrayEquals(ScriptedPixelEnv.frame(0), Arrays.copyOfRange(obs, 3 * n, 4 * n));
        obs = env.step(0).obs();
        assertArrayEquals(new byte[2 * n], Arrays.copyOfRange(obs, 0, 2 * n));
        assertArrayEquals(ScriptedPixelEnv.frame(0), Arrays.copyOfRange(obs, 2 * n, 3 * n));
        assertArrayEquals(ScriptedPixelEnv.frame(1), Arrays.copyOfRange(obs, 3 * n, 4 * n));
        env.step(0);
        obs = env.step(0).obs();
        assertArrayEquals(new byte[0], Arrays.copyOfRange(obs, 0, 0));
        for (int k = 0; k < 4; k++) assertArrayEquals(ScriptedPixelEnv.frame(k), Arrays.copyOfRange(obs, k * n, (k + 1) * n));
        obs = env.reset().obs(); // the next episode starts from zeros again
        assertArrayEquals(new byte[3 * n], Arrays.copyOfRange(obs, 0, 3 * n));
    }

    @Test void sb3StackOnTetris() {
        @SuppressWarnings("unchecked")
        Env<byte[]> env = (Env<byte[]>) AtariOptions.SB3.wrap(TestRoms.env("TetrisNoFrameskip-v4"));
        try (env) {
            assertEquals(AtariWrapper.pixels(4, 84, 84), env.observationSpace());
            byte[] obs = env.reset(8).obs();
            int f = 84 * 84;
            assertEquals(4 * f, obs.length);
            assertArrayEquals(new byte[3 * f], Arrays.copyOfRange(obs, 0, 3 * f), "zero padding, not the reset frame repeated");
            byte[] resetFrame = Arrays.copyOfRange(obs, 3 * f, 4 * f);
            assertNotEquals(0, Arrays.stream(unsigned(resetFrame)).sum());
            obs = env.step(0).obs();
            assertArrayEquals(resetFrame, Arrays.copyOfRange(obs, 2 * f, 3 * f));
            // no-ops (1-30 frames) and FIRE + RIGHT (4 frames each) ran before the first observation
            int noopFrames = frames(env) - 4 - 8;
            assertTrue(noopFrames >= 1 && noopFrames <= 30, "no-op frames " + noopFrames);
        }
    }

    private static int[] unsigned(byte[] b) {
        int[] u = new int[b.length];
        for (int i = 0; i < b.length; i++) u[i] = b[i] & 0xFF;
        return u;
    }

    @Test void warpFrameGraysThenResizes() {
        try (AtariEnv rgb = TestRoms.env("TetrisNoFrameskip-v4"); AtariEnv gray = TestRoms.env("TetrisNoFrameskip-v4", AtariEnv.ObsType.GRAYSCALE)) {
            WarpFrame fromRgb = new WarpFrame(rgb, 84, 84, true), fromGray = new WarpFrame(gray, 84, 84, true);
            assertArrayEquals(fromGray.reset(2).obs(), fromRgb.reset(2).obs());
            for (int t = 0; t < 20; t++) assertArrayEquals(fromGray.step(4).obs(), fromRgb.step(4).obs());
            WarpFrame color = new WarpFrame(rgb, 105, 80, false);
            assertArrayEquals(new int[] {105, 80, 3}, ((Space.Box) color.observationSpace()).shape());
            assertEquals(105 * 80 * 3, color.reset().obs().length);
        }
    }

    @Test void kerlDownscaleAndKarpathy() {
        try (AtariEnv rgb = TestRoms.env("TetrisNoFrameskip-v4")) {
            Downscale kerl = new Downscale(rgb, 0.4);
            assertArrayEquals(new int[] {84, 64}, ((Space.Box) kerl.observationSpace()).shape());
            byte[] screen = rgb.reset(1).obs(), small = kerl.reset(1).obs();
            assertEquals(84 * 64, small.length);
            // Pixel (0,0) averages the 2.5x2.5 source cell of the mean-gray screen.
            float[] mean = new float[210 * 160];
            for (int i = 0; i < mean.length; i++)
                mean[i] = ((screen[3 * i] & 0xFF) + (screen[3 * i + 1] & 0xFF) + (screen[3 * i + 2] & 0xFF)) / 3f;
            byte[] expected = new byte[84 * 64];
            new AreaResize(210, 160, 84, 64, false).resize(mean, expected, 0);
            assertArrayEquals(expected, small);

            Karpathy diff = new Karpathy(rgb, Karpathy.Mode.DIFF);
            assertEquals(AtariWrapper.box(-1, 1, 80, 80), diff.observationSpace());
            float[] first = diff.reset(1).obs();
            assertArrayEquals(Karpathy.preprocess(rgb.observation(), 160), first, "KeRLym: the plain frame first");
            float[] prev = first;
            for (int t = 0; t < 30; t++) {
                float[] o = diff.step(4).obs();
                float[] now = Karpathy.preprocess(rgb.observation(), 160);
                for (int i = 0; i < o.length; i++) assertEquals(now[i] - prev[i], o[i]);
                prev = now;
            }
            Karpathy zero = new Karpathy(rgb, Karpathy.Mode.DIFF_ZERO);
            assertArrayEquals(new float[6400], zero.reset(1).obs(), "pg-pong.py: zeros first");
        }
    }

    @Test void karpathyBinarisesTheRedChannel() {
        byte[] screen = new byte[210 * 160 * 3];
        screen[(35 * 160) * 3] = (byte) 144;        // background -> 0
        screen[(35 * 160 + 2) * 3] = (byte) 236;    // (row 35, col 2) -> 1 at (0, 1)
        screen[(37 * 160) * 3] = 109;               // background -> 0
        screen[(195 * 160) * 3] = 50;               // row 195 is cropped
        screen[(36 * 160 + 2) * 3] = 50;            // odd rows are skipped
        float[] f = Karpathy.preprocess(screen, 160);
        assertEquals(1f, f[1]);
        float sum = 0;
        for (float v : f) sum += v;
        assertEquals(1f, sum);
    }
}
