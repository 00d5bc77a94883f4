package io.sparkrl.rollout.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.classic.ClassicEnv;
import io.sparkrl.rollout.env.classic.ClassicKernels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvContractTest {
    private static final List<String> CLASSIC = List.of("CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0",
            "Acrobot-v1", "Pendulum-v1");

    @Test
    void registeredSpecsMatchGymnasium() {
        assertEquals(new EnvSpec("CartPole-v1", 500, 475.0), EnvRegistry.spec("CartPole-v1"));
        assertEquals(new EnvSpec("MountainCar-v0", 200, -110.0), EnvRegistry.spec("MountainCar-v0"));
        assertEquals(new EnvSpec("MountainCarContinuous-v0", 999, 90.0), EnvRegistry.spec("MountainCarContinuous-v0"));
        assertEquals(new EnvSpec("Acrobot-v1", 500, -100.0), EnvRegistry.spec("Acrobot-v1"));
        assertEquals(500, EnvRegistry.spec("Acrobot-v1").maxEpisodeSteps());
        assertEquals(200, EnvRegistry.spec("Pendulum-v1").maxEpisodeSteps());
        assertTrue(Double.isNaN(EnvRegistry.spec("Pendulum-v1").rewardThreshold()));
        assertTrue(EnvRegistry.ids().containsAll(CLASSIC));
        // MinAtar: upstream registers neither a step limit nor a reward threshold.
        assertEquals(new EnvSpec("MinAtar/Breakout-v1", 0, Double.NaN), EnvRegistry.spec("MinAtar/Breakout-v1"));
        assertEquals(List.of("MinAtar/Asterix-v0", "MinAtar/Asterix-v1", "MinAtar/Breakout-v0", "MinAtar/Breakout-v1",
                "MinAtar/Freeway-v0", "MinAtar/Freeway-v1", "MinAtar/Seaquest-v0", "MinAtar/Seaquest-v1",
                "MinAtar/SpaceInvaders-v0", "MinAtar/SpaceInvaders-v1"), minAtarIds());
    }

    static List<String> minAtarIds() {
        return EnvRegistry.ids().stream().filter(id -> id.startsWith("MinAtar/")).toList();
    }

    @ParameterizedTest
    @MethodSource("minAtarIds")
    void minAtarEpisodesKeepTheContract(String id) {
        Env<float[]> env = EnvRegistry.make(id);
        Space.Box box = (Space.Box) env.observationSpace();
        int actions = ((Space.Discrete) env.actionSpace()).n();
        Rng rng = new Rng(1);
        for (int episode = 0; episode < 2; episode++) {
            float[] obs = episode == 0 ? env.reset(5).obs() : env.reset().obs();
            StepResult<float[]> r = null;
            for (int t = 0; t < 3000 && (r == null || !r.done()); t++) {
                assertEquals(box.flatSize(), obs.length);
                for (float v : obs) assertTrue(v == 0f || v == 1f, id + " observation value " + v);
                r = env.step(rng.nextInt(actions));
                assertTrue(r.reward() >= 0, id + " rewards are never negative");
                assertFalse(r.truncated(), id + " is never truncated");
                obs = r.obs();
            }
            assertTrue(r.terminated(), id + " random episode ends within 3000 steps");
        }
    }

    @Test
    void spacesMatchGymnasium() {
        Env<float[]> pendulum = EnvRegistry.make("Pendulum-v1");
        assertEquals(Space.Box.uniform(-2f, 2f, 1), pendulum.actionSpace());
        assertArrayEquals(new float[] {1f, 1f, 8f}, ((Space.Box) pendulum.observationSpace()).high());
        Space.Box acrobot = (Space.Box) EnvRegistry.make("Acrobot-v1").observationSpace();
        assertEquals((float) (9 * Math.PI), acrobot.high()[5]);
        assertEquals(new Space.Discrete(3), EnvRegistry.make("MountainCar-v0").actionSpace());
        Space.Box cartPole = (Space.Box) EnvRegistry.make("CartPole-v1").observationSpace();
        assertEquals(4.8f, cartPole.high()[0]);
        assertEquals(Float.MAX_VALUE, cartPole.high()[1]);
        // Printed as Gymnasium does: a bound shared by every element once.
        assertEquals("Box(-2.0, 2.0, [1], float32)", pendulum.actionSpace().toString());
        assertEquals("Box(0.0, 1.0, [4, 10, 10], float32)", EnvRegistry.make("MinAtar/Breakout-v1").observationSpace().toString());
        assertTrue(cartPole.toString().startsWith("Box([-4.8, "), cartPole.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"})
    void resetWithSeedIsDeterministic(String id) {
        Env<float[]> a = EnvRegistry.make(id), b = EnvRegistry.make(id);
        assertArrayEquals(a.reset(42).obs(), b.reset(42).obs());
        assertArrayEquals(a.reset().obs(), b.reset().obs(), "the stream continues identically after the seed");
        assertFalse(java.util.Arrays.equals(a.reset(1).obs(), b.reset(2).obs()));
    }

    @Test
    void invalidDiscreteActionNamesEnvAndRange() {
        Env<float[]> env = EnvRegistry.make("Acrobot-v1");
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(3));
        assertTrue(e.getMessage().contains("Acrobot-v1") && e.getMessage().contains("0..2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {1f}));
        Env<float[]> pendulum = EnvRegistry.make("Pendulum-v1");
        pendulum.reset(0);
        assertThrows(IllegalArgumentException.class, () -> pendulum.step(1));
    }

    @Test
    void boxActionsAreClipped() {
        ClassicEnv a = new ClassicEnv(ClassicKernels.forId("Pendulum-v1").orElseThrow());
        ClassicEnv b = new ClassicEnv(ClassicKernels.forId("Pendulum-v1").orElseThrow());
        a.setState(new double[] {1.0, 0.5});
        b.setState(new double[] {1.0, 0.5});
        assertEquals(b.step(new float[] {2f}).reward(), a.step(new float[] {7f}).reward());
        assertArrayEquals(b.state(), a.state());
    }

    @Test
    void timeLimitTruncatesAtTheLimitAndResetsTheCounter() {
        TimeLimit<float[]> env = (TimeLimit<float[]>) EnvRegistry.<float[]>make("Pendulum-v1");
        env.reset(3);
        for (int t = 1; t < 200; t++) assertFalse(env.step(new float[] {0f}).truncated(), "step " + t);
        StepResult<float[]> last = env.step(new float[] {0f});
        assertTrue(last.truncated());
        assertFalse(last.terminated());
        env.reset();
        assertEquals(0, env.elapsedSteps());
        env.setElapsedSteps(198);
        assertFalse(env.step(new float[] {0f}).truncated());
        assertTrue(env.step(new float[] {0f}).truncated());
    }

    @Test
    void limitStepThatAlsoTerminatesSetsBothFlags() {
        // Gymnasium's TimeLimit sets truncated on the limit step even if that step also terminates.
        TimeLimit<float[]> env = new TimeLimit<>(EnvRegistry.<float[]>make("CartPole-v1").unwrapped(), 1);
        env.reset(0);
        ((HasState) env.unwrapped()).setState(new double[] {0, 0, 0.5, 0});
        StepResult<float[]> r = env.step(1);
        assertTrue(r.terminated() && r.truncated());
    }

    @Test
    void unknownIdSuggestsTheClosestAndListsAll() {
        UnknownEnvException e = assertThrows(UnknownEnvException.class, () -> EnvRegistry.make("CartPol-v1"));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("'CartPol-v1'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'CartPole-v1'"), e.getMessage());
        assertTrue(e.getMessage().contains("Pendulum-v1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        String far = assertThrows(UnknownEnvException.class, () -> EnvRegistry.make("Breakout")).getMessage();
        assertFalse(far.contains("did you mean"), far);
    }

    @Test
    void usersCanRegisterTheirOwnEnvs() {
        EnvSpec spec = new EnvSpec("ShortPole-v0", 3, Double.NaN);
        EnvRegistry.register("ShortPole-v0", spec,
                () -> new ClassicEnv(ClassicKernels.forId("Pendulum-v1").orElseThrow()));
        Env<float[]> env = EnvRegistry.make("ShortPole-v0");
        env.reset(0);
        env.step(new float[] {0f});
        env.step(new float[] {0f});
        assertTrue(env.step(new float[] {0f}).truncated());
        assertTrue(EnvRegistry.ids().contains("ShortPole-v0"));
    }

    @Test
    void stateCanBeSavedAndRestored() {
        Env<float[]> env = EnvRegistry.make("Acrobot-v1");
        env.reset(5);
        HasState s = (HasState) env.unwrapped();
        double[] saved = s.state();
        float[] first = env.step(2).obs();
        s.setState(saved);
        assertArrayEquals(first, env.step(2).obs());
    }

    @Test
    void rngStateRoundTrips() {
        Rng rng = new Rng(7);
        rng.nextGaussian();
        long[] saved = rng.state();
        double[] expected = {rng.nextDouble(), rng.nextGaussian(), rng.nextGaussian(), rng.nextInt(10)};
        Rng restored = new Rng(0);
        restored.setState(saved);
        assertArrayEquals(expected, new double[] {restored.nextDouble(), restored.nextGaussian(),
                restored.nextGaussian(), restored.nextInt(10)});
    }
}
