package io.sparkrl.rollout.env.minatar;

import static io.sparkrl.rollout.env.minatar.MinAtarEnv.DOWN;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.NOOP;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.UP;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.index;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.StepResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Freeway's rules, each from a set-up state through game steps (no sticky draws unless said). */
class FreewayTest {
    private final Freeway game = new Freeway(false);

    /** Parks every car far from the chicken's column, slow, so only the car under test matters. */
    private void parkCars() {
        for (int i = 0; i < 8; i++) {
            game.carX[i] = 0;
            game.carV[i] = 5;
            game.carTimer[i] = 5;
        }
    }

    @Test
    void resetDrawsEightSpeedsThenEightDirectionsAndPutsCarsAtColumnZero() {
        long seed = 21;
        game.reset(seed);
        Rng draws = new Rng(seed);
        int[] v = velocities(draws);
        assertArrayEquals(v, game.carV);
        for (int i = 0; i < 8; i++) {
            assertEquals(Math.abs(v[i]), game.carTimer[i]);
            assertEquals(0, game.carX[i]);
        }
        assertEquals(draws.nextLong(), game.rng.nextLong(), "reset consumes exactly 16 draws");
        assertArrayEquals(new int[] {9, 3, 2500}, new int[] {game.pos, game.moveTimer, game.countdown});
    }

    @Test
    void everyEpisodeLastsExactly2501Steps() {
        game.reset(1);
        int steps = 0;
        StepResult<float[]> r;
        do {
            r = game.step(steps % 3 == 0 ? UP : NOOP);
            steps++;
        } while (!r.terminated());
        assertEquals(2501, steps);
        assertFalse(r.truncated());
    }

    @Test
    void chickenMovesEveryThirdStepFromStepFourAndDownAtTheBottomSpendsTheCooldown() {
        game.reset(0);
        parkCars();
        List<Integer> moves = new ArrayList<>();
        for (int step = 1; step <= 10; step++) {
            int before = game.pos;
            game.act(UP);
            if (game.pos != before) moves.add(step);
        }
        assertEquals(List.of(4, 7, 10), moves);
        game.reset(0);
        parkCars();
        game.moveTimer = 0;
        game.act(DOWN);
        assertEquals(9, game.pos);
        assertEquals(2, game.moveTimer, "the cooldown was spent (3, then -1 at the step's end)");
    }

    @Test
    void carOfSpeedSMovesEverySPlusOneStepsAndWraps() {
        game.reset(0);
        parkCars();
        game.carX[2] = 9;
        game.carV[2] = 2;
        game.carTimer[2] = 2;
        List<Integer> moves = new ArrayList<>();
        for (int step = 1; step <= 9; step++) {
            int before = game.carX[2];
            game.act(NOOP);
            if (game.carX[2] != before) moves.add(step);
        }
        assertEquals(List.of(3, 6, 9), moves);
        assertEquals(2, game.carX[2], "9 -> 0 -> 1 -> 2, wrapping at the right edge");
        game.carX[3] = 0;
        game.carV[3] = -1;
        game.carTimer[3] = 0;
        game.act(NOOP);
        assertEquals(9, game.carX[3], "wrapping at the left edge");
    }

    @Test
    void aCarSendsTheChickenBackWithoutPenaltyOrEnd() {
        game.reset(0);
        parkCars();
        game.pos = 5; // row 5 is car 4's lane
        game.carX[4] = 3;
        game.carV[4] = 1;
        game.carTimer[4] = 0;
        assertEquals(0.0, game.act(NOOP));
        assertEquals(9, game.pos, "hit by a car moving onto the chicken");
        assertFalse(game.terminal);
        game.pos = 5;
        game.carTimer[4] = 3;
        game.act(NOOP);
        assertEquals(9, game.pos, "hit by a car standing on the chicken's cell");
    }

    @Test
    void crossingScoresRedrawsSpeedsKeepsPositionsAndRestarts() {
        long seed = 4;
        game.reset(seed);
        parkCars();
        for (int i = 0; i < 8; i++) game.carX[i] = i == 3 ? 7 : 1;
        game.pos = 1;
        game.moveTimer = 0;
        Rng draws = new Rng(seed);
        velocities(draws); // the reset's draws
        assertEquals(1.0, game.act(UP));
        assertEquals(9, game.pos);
        assertEquals(7, game.carX[3], "positions are kept (up to this step's moves)");
        assertArrayEquals(velocities(draws), game.carV);
    }

    /** The car velocities the game draws from {@code draws}: 8 speeds in 1..5, then 8 directions. */
    private static int[] velocities(Rng draws) {
        int[] v = new int[8];
        for (int i = 0; i < 8; i++) v[i] = draws.nextInt(5) + 1;
        for (int i = 0; i < 8; i++) v[i] *= draws.nextDouble() > 0.5 ? 1 : -1;
        return v;
    }

    @Test
    void trailChannelShowsTheSpeedBehindTheCarWrapped() {
        game.reset(0);
        parkCars();
        game.carX[0] = 0;
        game.carV[0] = 3; // going right: trail at x - 1 = 9, channel 1 + 3
        game.carX[1] = 9;
        game.carV[1] = -5; // going left: trail at x + 1 = 0, channel 1 + 5
        float[] obs = game.observation();
        assertEquals(1f, obs[index(Freeway.CAR, 0, 1)]);
        assertEquals(1f, obs[index(4, 9, 1)]);
        assertEquals(1f, obs[index(Freeway.CAR, 9, 2)]);
        assertEquals(1f, obs[index(6, 0, 2)]);
        assertEquals(1f, obs[index(Freeway.CHICKEN, 4, 9)]);
        assertTrue(obs[index(Freeway.CHICKEN, 4, 0)] == 0f);
    }
}
