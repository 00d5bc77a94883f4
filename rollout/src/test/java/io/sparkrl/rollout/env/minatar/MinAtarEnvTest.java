package io.sparkrl.rollout.env.minatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.env.UnknownEnvException;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the five games share: ids, spaces, action sets, sticky actions, seeding, the game over until reset. */
class MinAtarEnvTest {

    @ParameterizedTest
    @CsvSource({"Asterix, 4, 5", "Breakout, 4, 3", "Freeway, 7, 3", "Seaquest, 10, 6", "SpaceInvaders, 6, 4"})
    void idsSpacesAndActionSetsAreUpstreams(String game, int channels, int minimalActions) {
        Env<float[]> v0 = EnvRegistry.make("MinAtar/" + game + "-v0"), v1 = EnvRegistry.make("MinAtar/" + game + "-v1");
        assertEquals(new Space.Discrete(6), v0.actionSpace());
        assertEquals(new Space.Discrete(minimalActions), v1.actionSpace());
        Space.Box box = (Space.Box) v1.observationSpace();
        assertArrayEquals(new int[] {channels, 10, 10}, box.shape());
        assertEquals(0f, box.low()[0]);
        assertEquals(1f, box.high()[channels * 100 - 1]);
        assertEquals(0, EnvRegistry.spec(v1.spec().id()).maxEpisodeSteps(), "no time limit but Freeway's own");
        assertTrue(Double.isNaN(EnvRegistry.spec(v1.spec().id()).rewardThreshold()));
        assertEquals(v1.spec().id(), v1.unwrapped().toString());
    }

    @Test
    void minimalActionSetsMapToUpstreamActions() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, new Asterix(true).actionSet());
        assertArrayEquals(new int[] {0, 1, 3}, new Breakout(true).actionSet());
        assertArrayEquals(new int[] {0, 2, 4}, new Freeway(true).actionSet());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, new Seaquest(true).actionSet());
        assertArrayEquals(new int[] {0, 1, 3, 5}, new SpaceInvaders(true).actionSet());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, new Breakout(false).actionSet());
    }

    @Test
    void minimalActionIndexExecutesTheMappedAction() {
        // Breakout-v1 action 2 is upstream's 'r': the paddle moves right (seed 1's first sticky draw is not sticky).
        Breakout game = new Breakout(true);
        game.reset(firstDrawNotSticky());
        game.step(2);
        assertEquals(5, game.paddle);
    }

    @Test
    void invalidActionNamesEnvAndRange() {
        Env<float[]> env = EnvRegistry.make("MinAtar/SpaceInvaders-v1");
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(4));
        assertTrue(e.getMessage().contains("MinAtar/SpaceInvaders-v1") && e.getMessage().contains("0..3")
                && e.getMessage().contains("n, l, r, f"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0f}));
    }

    @Test
    void unknownIdsSuggestMinAtarIds() {
        UnknownEnvException e = assertThrows(UnknownEnvException.class, () -> EnvRegistry.make("MinAtar/Breakot-v1"));
        assertTrue(e.getMessage().contains("did you mean 'MinAtar/Breakout-v1'"), e.getMessage());
        assertTrue(e.getMessage().contains("MinAtar/SpaceInvaders-v0"), e.getMessage());
    }

    /** Observations, rewards and flags of {@code steps} steps under a fixed action pattern after {@code reset(seed)}. */
    private static List<Object> trajectory(Env<float[]> env, long seed, int steps) {
        List<Object> out = new ArrayList<>();
        out.add(Arrays.toString(env.reset(seed).obs()));
        int n = ((Space.Discrete) env.actionSpace()).n();
        for (int t = 0; t < steps; t++) {
            StepResult<float[]> r = env.step((t * 7 + t / 3) % n);
            out.add(Arrays.toString(r.obs()) + r.reward() + r.terminated() + r.truncated());
            if (r.done()) out.add(Arrays.toString(env.reset().obs()));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"Asterix", "Breakout", "Freeway", "Seaquest", "SpaceInvaders"})
    void resetWithSeedFixesEverythingIncludingStickyActions(String game) {
        String id = "MinAtar/" + game + "-v0";
        Env<float[]> a = EnvRegistry.make(id), b = EnvRegistry.make(id);
        b.reset(99);
        for (int t = 0; t < 50; t++) b.step(t % 6); // leaves a different last action and stream behind
        assertEquals(trajectory(a, 7, 400), trajectory(b, 7, 400));
        assertFalse(trajectory(a, 7, 400).equals(trajectory(a, 8, 400)), "another seed, another episode");
    }

    @Test
    void stickyActionsRepeatTheLastExecutedActionOneStepInTen() {
        // Ask left and right in turn; the paddle shows what ran. A sticky step runs the previous executed action,
        // which differs from the one asked unless the previous step was itself a visible repeat, so the share of
        // steps that run the other action is q = 0.1 * (1 - q) = 1/11.
        Breakout game = new Breakout(false);
        game.reset(3);
        int steps = 20_000, other = 0;
        for (int t = 0; t < steps; t++) {
            centre(game);
            int asked = t % 2 == 0 ? MinAtarEnv.LEFT : MinAtarEnv.RIGHT;
            game.step(asked);
            if (game.paddle != (asked == MinAtarEnv.LEFT ? 4 : 6)) other++;
        }
        assertEquals(1 / 11.0, other / (double) steps, 0.008);
    }

    @Test
    void stickyDrawComesFirstAndRepeatsChain() {
        // Reproduce the wrapper's draws from the same seed: u < 0.1 means the last executed action runs again.
        long seed = 11;
        Rng draws = new Rng(seed);
        Breakout game = new Breakout(false);
        game.reset(seed);
        draws.nextInt(2); // Breakout's reset draw
        int last = MinAtarEnv.NOOP, sticky = 0;
        for (int t = 0; t < 5_000; t++) {
            int asked = t % 3 == 0 ? MinAtarEnv.LEFT : MinAtarEnv.RIGHT;
            int expected = draws.nextDouble() < MinAtarEnv.STICKY_ACTION_PROB ? last : asked;
            if (expected != asked) sticky++;
            last = expected;
            centre(game);
            game.step(asked);
            assertEquals(expected == MinAtarEnv.LEFT ? 4 : expected == MinAtarEnv.RIGHT ? 6 : 5, game.paddle, "step " + t);
        }
        assertTrue(sticky > 100, "repeats that changed the action: " + sticky);
    }

    @Test
    void lastActionCarriesOverResetButNotReseeding() {
        Breakout game = new Breakout(false);
        long seed = stickyOnSecondDraw();
        game.reset(seed);
        game.step(MinAtarEnv.LEFT); // first draw not sticky: LEFT runs and becomes the last action
        game.reset();
        int paddle = game.paddle;
        game.step(MinAtarEnv.RIGHT); // sticky: upstream's reset() keeps the last action, so LEFT runs again
        assertEquals(paddle - 1, game.paddle);

        game.reset(seed);
        game.step(MinAtarEnv.NOOP);
        game.reset();
        game.step(MinAtarEnv.RIGHT); // sticky again, but the last action is now NOOP
        assertEquals(4, game.paddle);
    }

    @Test
    void aFinishedGameStaysOverAndPaysNothingUntilReset() {
        Breakout game = new Breakout(true);
        game.reset(0);
        game.ballX = 0;
        game.ballY = 8;
        game.ballDir = Breakout.DOWN_RIGHT;
        game.paddle = 9;
        StepResult<float[]> last = game.step(0);
        assertTrue(last.terminated());
        assertFalse(last.truncated());
        for (int t = 0; t < 3; t++) {
            Rng oneDrawOn = new Rng(0);
            oneDrawOn.setState(game.rng.state());
            oneDrawOn.nextDouble();
            StepResult<float[]> after = game.step(1);
            assertArrayEquals(oneDrawOn.state(), game.rng.state(), "the sticky draw is still taken");
            assertTrue(after.terminated());
            assertEquals(0.0, after.reward());
            assertEquals(9, game.paddle, "nothing moves once the game is over");
        }
        assertFalse(Arrays.equals(last.obs(), game.reset().obs()));
        assertFalse(game.terminal);
    }

    @ParameterizedTest
    @CsvSource({"Asterix", "Breakout", "Freeway", "Seaquest", "SpaceInvaders"})
    void vectorEnvSnapshotsContinueExactlyOnAnotherEnv(String game) throws Exception {
        String id = "MinAtar/" + game + "-v0";
        VectorEnv whole = VectorEnvs.make(id, 3), first = VectorEnvs.make(id, 3);
        whole.reset(4);
        first.reset(4);
        int[] actions = new int[3];
        for (int t = 0; t < 60; t++) {
            step(whole, actions, t);
            step(first, actions, t);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(first.snapshot());
        }
        VectorEnv resumed = VectorEnvs.make(id, 3);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            resumed.restore((Serializable) in.readObject());
        }
        assertArrayEquals(whole.observations(), resumed.observations());
        for (int t = 60; t < 400; t++) {
            step(whole, actions, t);
            step(resumed, actions, t);
            assertArrayEquals(whole.observations(), resumed.observations(), "step " + t);
            assertArrayEquals(whole.rewards(), resumed.rewards(), "step " + t);
            assertArrayEquals(whole.terminated(), resumed.terminated(), "step " + t);
        }
    }

    private static void step(VectorEnv env, int[] actions, int t) {
        for (int i = 0; i < actions.length; i++) actions[i] = (t * 5 + i * 3 + t / 7) % 6;
        env.step(actions);
    }

    /** Paddle in column 5, ball mid-board going up: the next step's paddle move shows the executed action. */
    private static void centre(Breakout game) {
        game.paddle = 5;
        game.ballX = game.ballY = 5;
        game.ballDir = Breakout.UP_RIGHT;
    }

    /** A seed whose first uniform draw is not sticky (Breakout's reset draw comes first). */
    static long firstDrawNotSticky() {
        for (long seed = 0; ; seed++) {
            Rng rng = new Rng(seed);
            rng.nextInt(2);
            if (rng.nextDouble() >= MinAtarEnv.STICKY_ACTION_PROB) return seed;
        }
    }

    /** A Breakout seed whose first step is not sticky and whose second is (with one reset draw between). */
    private static long stickyOnSecondDraw() {
        for (long seed = 0; ; seed++) {
            Rng rng = new Rng(seed);
            rng.nextInt(2);
            boolean first = rng.nextDouble() < MinAtarEnv.STICKY_ACTION_PROB;
            rng.nextInt(2);
            if (!first && rng.nextDouble() < MinAtarEnv.STICKY_ACTION_PROB) return seed;
        }
    }
}
