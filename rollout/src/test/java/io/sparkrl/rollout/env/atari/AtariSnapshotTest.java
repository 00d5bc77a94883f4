package io.sparkrl.rollout.env.atari;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.env.PixelObservations;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.vector.SyncVectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Atari envs in the float pipeline: the recipe's wrapper stack, and snapshots that continue exactly (the train job
 * moves env state between Spark tasks and checkpoints it).
 */
class AtariSnapshotTest {
    private String previousRomDir;

    @BeforeEach void romDir() {
        previousRomDir = System.setProperty(Roms.PROPERTY, TestRoms.dir().toString());
    }

    @AfterEach void restoreRomDir() {
        if (previousRomDir == null) System.clearProperty(Roms.PROPERTY);
        else System.setProperty(Roms.PROPERTY, previousRomDir);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test void aSerializedStackPlaysOnExactlyAsTheOriginal() throws Exception {
        // v5: sticky actions 0.25 from ALE's RNG, which the snapshot must carry too; SB3 stack minus skip (the id skips).
        try (Env<float[]> env = EnvRecipe.of("ALE/Tetris-v5").make()) {
            assertEquals(new Space.Box(new float[4 * 84 * 84], filled(4 * 84 * 84, 1f), new int[] {4, 84, 84}), env.observationSpace());
            env.reset(3);
            Rng actions = new Rng(5);
            for (int t = 0; t < 300; t++) if (env.step(actions.nextInt(5)).done()) env.reset();
            try (Env<float[]> copy = roundTrip(env)) {
                for (int t = 0; t < 600; t++) {
                    int a = actions.nextInt(5);
                    StepResult<float[]> x = env.step(a), y = copy.step(a);
                    assertArrayEquals(x.obs(), y.obs(), "step " + t);
                    assertEquals(x.reward(), y.reward());
                    assertEquals(x.terminated(), y.terminated());
                    assertEquals(x.truncated(), y.truncated());
                    assertEquals(x.info(), y.info());
                    if (x.done()) assertArrayEquals(env.reset().obs(), copy.reset().obs());
                }
            }
        }
    }

    @Test void aVectorEnvOfAtariCopiesSnapshotsAndRestores() {
        EnvRecipe recipe = new EnvRecipe("TetrisNoFrameskip-v4", "sb3,noop=5");
        try (SyncVectorEnv a = VectorEnvs.sync(recipe, 2); SyncVectorEnv b = VectorEnvs.sync(recipe, 2)) {
            a.reset(11);
            for (int t = 0; t < 50; t++) a.step(new int[] {t % 5, (t + 2) % 5});
            b.restore(a.snapshot());
            assertArrayEquals(a.observations(), b.observations());
            for (int t = 0; t < 100; t++) {
                int[] act = {(t * 3) % 5, t % 5};
                a.step(act);
                b.step(act);
                assertArrayEquals(a.observations(), b.observations(), "step " + t);
                assertArrayEquals(a.rewards(), b.rewards());
            }
        }
    }

    @Test void pixelsAreBytesOver255AndDefaultsFollowTheIdsOwnSkip() {
        assertEquals(4, EnvRecipe.of("ALE/Tetris-v5").frameStack());
        assertEquals(1, EnvRecipe.of("ALE/Tetris-v5").atariOptions().skip(), "v5 skips 4 frames itself");
        assertEquals(1, new EnvRecipe("ALE/Tetris-v5", "sb3,noop=4").atariOptions().skip(), "presets follow the id's skip too");
        assertEquals(4, EnvRecipe.of("TetrisNoFrameskip-v4").atariOptions().skip());
        assertEquals(4, EnvRecipe.of("ALE/Tetris-v5").framesPerStep());
        assertEquals(4, EnvRecipe.of("TetrisNoFrameskip-v4").framesPerStep());
        assertEquals(3, EnvRecipe.of("Tetris-v4").framesPerStep(), "v4 skips 2-4 frames: 3 on average");
        assertEquals(1, EnvRecipe.of("CartPole-v1").framesPerStep());
        assertEquals(0, new EnvRecipe("ALE/Tetris-v5", "karpathy").frameStack());
        assertEquals(0, new EnvRecipe("TetrisNoFrameskip-v4", "sb3,gray=false").frameStack(), "RGB frames are not 2-D");
        assertEquals(0, EnvRecipe.of("ALE/Tetris-ram-v5").frameStack());
        assertEquals(0, EnvRecipe.of("CartPole-v1").frameStack());
        byte[] bytes = {0, 1, (byte) 128, (byte) 255};
        float[] floats = PixelObservations.toFloats(bytes);
        assertArrayEquals(new float[] {0, 1 / 255f, 128 / 255f, 1}, floats);
        try (Env<float[]> ram = EnvRecipe.of("ALE/Tetris-ram-v5").make()) {
            float[] obs = ram.reset(1).obs();
            assertEquals(128, obs.length);
            assertTrue(Arrays.stream(toDoubles(obs)).allMatch(v -> v >= 0 && v <= 1));
        }
    }

    @Test void envOptionsOnOtherEnvsAreOneLineErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnvRecipe("CartPole-v1", "stack=4"));
        assertTrue(e.getMessage().contains("--env-options apply to Atari ids"), e.getMessage());
        assertThrows(BadAtariInputException.class, () -> new EnvRecipe("ALE/Tetris-v5", "stack=0").make());
        assertThrows(BadAtariInputException.class, () -> new EnvRecipe("ALE/Tetris-v5", "skip=4").make(), "v5 already skips");
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
