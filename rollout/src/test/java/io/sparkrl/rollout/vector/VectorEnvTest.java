package io.sparkrl.rollout.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.env.TimeLimit;
import io.sparkrl.rollout.env.classic.ClassicKernel;
import io.sparkrl.rollout.env.classic.ClassicEnv;
import io.sparkrl.rollout.env.classic.ClassicKernels;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    /** The same random actions into both vector envs; every buffer must agree at every step. */
    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"})
    void flatClassicEnvMatchesSyncVectorEnv(String id) {
        int n = 4;
        VectorEnv fast = VectorEnvs.make(id, n);
        VectorEnv sync = VectorEnvs.sync(io.sparkrl.rollout.env.EnvRecipe.of(id), n);
        assertInstanceOf(ClassicVectorEnv.class, fast);
        fast.reset(10);
        sync.reset(10);
        assertArrayEquals(sync.observations(), fast.observations());
        Rng rng = new Rng(1);
        boolean discrete = fast.singleActionSpace() instanceof Space.Discrete;
        int numActions = discrete ? ((Space.Discrete) fast.singleActionSpace()).n() : 0;
        int[] ints = new int[n];
        float[] floats = new float[n];
        int episodesEnded = 0;
        for (int t = 0; t < 1200; t++) {
            for (int i = 0; i < n; i++) {
                ints[i] = discrete ? rng.nextInt(numActions) : 0;
                floats[i] = (float) rng.uniform(-2.5, 2.5);
            }
            if (discrete) {
                fast.step(ints);
                sync.step(ints);
            } else {
                fast.step(floats);
                sync.step(floats);
            }
            assertArrayEquals(sync.observations(), fast.observations(), "step " + t);
            assertArrayEquals(sync.rewards(), fast.rewards(), "step " + t);
            assertArrayEquals(sync.terminated(), fast.terminated(), "step " + t);
            assertArrayEquals(sync.truncated(), fast.truncated(), "step " + t);
            for (int i = 0; i < n; i++) {
                if (fast.terminated()[i] || fast.truncated()[i]) {
                    episodesEnded++;
                    int o = i * fast.obsSize();
                    assertArrayEquals(Arrays.copyOfRange(sync.finalObservations(), o, o + fast.obsSize()),
                            Arrays.copyOfRange(fast.finalObservations(), o, o + fast.obsSize()));
                }
            }
        }
        assertTrue(episodesEnded > 0, "the test must cover auto-reset");
    }

    @Test
    void copyIMatchesASingleEnvSeededSeedPlusIIncludingAutoReset() {
        int n = 3;
        VectorEnv vec = VectorEnvs.make("CartPole-v1", n);
        vec.reset(100);
        Env<float[]> single = EnvRegistry.make("CartPole-v1");
        float[] obs = single.reset(102).obs();
        assertArrayEquals(obs, Arrays.copyOfRange(vec.observations(), 8, 12));
        int[] actions = new int[n];
        int resets = 0;
        for (int t = 0; t < 100; t++) {
            StepResult<float[]> r = single.step(1);
            Arrays.fill(actions, 1);
            vec.step(actions);
            assertEquals(r.terminated(), vec.terminated()[2]);
            if (r.done()) {
                resets++;
                assertArrayEquals(r.obs(), Arrays.copyOfRange(vec.finalObservations(), 8, 12), "final obs");
                obs = single.reset().obs();
            } else {
                obs = r.obs();
            }
            assertArrayEquals(obs, Arrays.copyOfRange(vec.observations(), 8, 12), "obs after auto-reset at " + t);
        }
        assertTrue(resets >= 5, "always pushing right ends CartPole episodes quickly");
    }

    /**
     * Many copies (not a multiple of any vector width), random actions, thousands of steps: copy i must follow a
     * single env (time limit included) seeded 1234 + i, reset by hand when its episode ends.
     */
    @Test
    void manyCartPoleCopiesFollowTheirSingleEnvs() {
        int n = 37;
        VectorEnv vec = VectorEnvs.make("CartPole-v1", n);
        vec.reset(1234);
        Env<float[]>[] singles = new Env[n];
        for (int i = 0; i < n; i++) {
            singles[i] = EnvRegistry.make("CartPole-v1");
            singles[i].reset(1234 + i);
        }
        Rng rng = new Rng(2);
        int[] actions = new int[n];
        int ends = 0;
        for (int t = 0; t < 3000; t++) {
            for (int i = 0; i < n; i++) actions[i] = rng.nextInt(2);
            vec.step(actions);
            for (int i = 0; i < n; i++) {
                StepResult<float[]> r = singles[i].step(actions[i]);
                String where = "copy " + i + " step " + t;
                assertEquals(r.reward(), vec.rewards()[i], where);
                assertEquals(r.terminated(), vec.terminated()[i], where);
                assertEquals(r.truncated(), vec.truncated()[i], where);
                float[] obs = r.obs();
                if (r.done()) {
                    ends++;
                    assertArrayEquals(obs, Arrays.copyOfRange(vec.finalObservations(), 4 * i, 4 * i + 4), where);
                    obs = singles[i].reset().obs();
                }
                assertArrayEquals(obs, Arrays.copyOfRange(vec.observations(), 4 * i, 4 * i + 4), where);
            }
        }
        assertTrue(ends > 100, "the test must cover auto-reset");
    }

    /**
     * Angles where the batched CartPole cannot use its polynomial trig (tiny, signed zeros, beyond 0.3, beyond
     * pi/4, NaN) and angles just inside that range: every copy's step must equal the single env's bit for bit.
     */
    @Test
    void cartPoleCopiesAtEdgeAnglesStepLikeTheSingleEnv() {
        double[] angles = {0.0, -0.0, 1e-300, -1e-9, Math.nextDown(0x1p-27), 0x1p-27, -0x1p-27, 1e-5, 0.2,
                Math.nextDown(0.3), 0.3, -0.3, 0.5, 0.78125, -Math.PI / 4, 1.0, -3.0, 100.0, Double.NaN};
        int n = angles.length;
        ClassicVectorEnv vec = (ClassicVectorEnv) VectorEnvs.make("CartPole-v1", n);
        vec.reset(0);
        Rng rng = new Rng(3);
        double[][] states = new double[n][];
        for (int i = 0; i < n; i++) {
            states[i] = new double[] {rng.uniform(-1, 1), rng.uniform(-2, 2), angles[i], rng.uniform(-3, 3)};
            vec.setState(i, states[i]);
            assertArrayEquals(states[i], vec.state(i));
        }
        int[] actions = new int[n];
        for (int i = 0; i < n; i++) actions[i] = i % 2;
        vec.step(actions);
        for (int i = 0; i < n; i++) {
            ClassicEnv single = new ClassicEnv(ClassicKernels.forId("CartPole-v1").orElseThrow());
            single.setState(states[i]);
            StepResult<float[]> r = single.step(actions[i]);
            assertEquals(r.terminated(), vec.terminated()[i], "angle " + angles[i]);
            assertEquals(r.reward(), vec.rewards()[i]);
            float[] expected = r.obs();
            float[] actual = Arrays.copyOfRange(r.terminated() ? vec.finalObservations() : vec.observations(), 4 * i,
                    4 * i + 4);
            assertArrayEquals(expected, actual, "angle " + angles[i]);
            if (!r.terminated()) assertArrayEquals(single.state(), vec.state(i), "angle " + angles[i]);
        }
    }

    /**
     * A short time limit; in CartPole, the first copies always push right and terminate before it, so that episodes
     * start, and are truncated, at different steps in different copies.
     */
    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1"})
    void staggeredTruncationsMatchTimeLimitedSingleEnvs(String id) {
        int n = 6, limit = 15;
        ClassicKernel kernel = ClassicKernels.forId(id).orElseThrow();
        ClassicVectorEnv vec = new ClassicVectorEnv(kernel, n, limit);
        vec.reset(50);
        Rng rng = new Rng(9);
        int[] actions = new int[n];
        Env<float[]>[] singles = new Env[n];
        for (int i = 0; i < n; i++) {
            singles[i] = new TimeLimit<>(new ClassicEnv(kernel), limit);
            singles[i].reset(50 + i);
        }
        int truncations = 0, terminations = 0;
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < n; i++) actions[i] = i < 3 ? 1 : rng.nextInt(2);
            vec.step(actions);
            for (int i = 0; i < n; i++) {
                StepResult<float[]> r = singles[i].step(actions[i]);
                String where = id + " copy " + i + " step " + t;
                assertEquals(r.truncated(), vec.truncated()[i], where);
                assertEquals(r.terminated(), vec.terminated()[i], where);
                float[] obs = r.obs();
                if (r.done()) {
                    if (r.terminated()) terminations++;
                    else truncations++;
                    obs = singles[i].reset().obs();
                }
                assertArrayEquals(obs, Arrays.copyOfRange(vec.observations(), vec.obsSize() * i,
                        vec.obsSize() * (i + 1)), where);
            }
        }
        assertTrue(truncations > 20, "truncations " + truncations);
        if (id.equals("CartPole-v1")) assertTrue(terminations > 0, "terminations " + terminations);
    }

    @Test
    void timeLimitTruncatesInsideTheVectorEnv() {
        VectorEnv vec = VectorEnvs.make("Pendulum-v1", 2);
        vec.reset(0);
        float[] actions = new float[2];
        for (int t = 1; t < 200; t++) {
            vec.step(actions);
            assertFalse(vec.truncated()[0]);
        }
        vec.step(actions);
        assertTrue(vec.truncated()[0] && vec.truncated()[1]);
        assertFalse(vec.terminated()[0]);
        vec.step(actions);
        assertFalse(vec.truncated()[0], "the step counter restarts with the new episode");
    }

    @Test
    void invalidActionsAreRejected() {
        VectorEnv vec = VectorEnvs.make("MountainCar-v0", 2);
        vec.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vec.step(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("MountainCar-v0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vec.step(new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> vec.step(new float[] {0f, 0f}));
    }
}
