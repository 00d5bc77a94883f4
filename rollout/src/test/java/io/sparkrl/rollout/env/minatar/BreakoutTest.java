package io.sparkrl.rollout.env.minatar;

import static io.sparkrl.rollout.env.minatar.Breakout.DOWN_LEFT;
import static io.sparkrl.rollout.env.minatar.Breakout.DOWN_RIGHT;
import static io.sparkrl.rollout.env.minatar.Breakout.UP_LEFT;
import static io.sparkrl.rollout.env.minatar.Breakout.UP_RIGHT;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.LEFT;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.NOOP;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.RIGHT;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Breakout's rules, each from a set-up state through one game step (no sticky draw). */
class BreakoutTest {
    private final Breakout game = new Breakout(false);

    /** A started game with the ball at {@code (x, y)} going {@code dir}, the paddle at {@code paddle}. */
    private Breakout ball(int x, int y, int dir, int paddle) {
        game.reset(0);
        game.ballX = x;
        game.ballY = y;
        game.ballDir = dir;
        game.paddle = paddle;
        return game;
    }

    private void assertBall(int x, int y, int dir) {
        assertEquals(x, game.ballX, "ball x");
        assertEquals(y, game.ballY, "ball y");
        assertEquals(dir, game.ballDir, "ball direction");
    }

    @Test
    void resetDrawsOneCoinForTheBallsSide() {
        for (long seed = 0; seed < 20; seed++) {
            game.reset(seed);
            boolean fromLeft = new Rng(seed).nextInt(2) == 0;
            assertBall(fromLeft ? 0 : 9, 3, fromLeft ? DOWN_RIGHT : DOWN_LEFT);
            assertEquals(4, game.paddle);
            float[] obs = game.observation();
            assertEquals(1f, obs[index(Breakout.TRAIL, game.ballX, 3)], "trail on the ball's own cell after reset");
            int bricks = 0;
            for (int i = index(Breakout.BRICK, 0, 0); i < index(Breakout.BRICK + 1, 0, 0); i++) bricks += (int) obs[i];
            assertEquals(30, bricks);
            assertEquals(1f, obs[index(Breakout.BRICK, 0, 1)]);
            assertEquals(1f, obs[index(Breakout.BRICK, 9, 3)]);
        }
    }

    @Test
    void sideWallClampsAndMirrorsHorizontally() {
        ball(9, 6, DOWN_RIGHT, 0).act(NOOP);
        assertBall(9, 7, DOWN_LEFT);
        ball(0, 6, UP_LEFT, 0).act(NOOP);
        assertBall(0, 5, UP_RIGHT);
    }

    @Test
    void ceilingMirrorsVerticallyInRowZero() {
        ball(4, 0, UP_RIGHT, 0).act(NOOP);
        assertBall(5, 0, DOWN_RIGHT);
        ball(0, 0, UP_LEFT, 0).act(NOOP); // corner: both mirrors
        assertBall(0, 0, DOWN_RIGHT);
    }

    @Test
    void brickBreaksForOnePointAndTheBallKeepsItsRow() {
        ball(4, 4, UP_RIGHT, 0);
        assertEquals(1.0, game.act(NOOP));
        assertFalse(game.bricks[3][5]);
        assertBall(5, 4, DOWN_RIGHT);
        assertTrue(game.strike);
        assertEquals(1f, game.observation()[index(Breakout.TRAIL, 4, 4)], "trail is the previous cell");
    }

    @Test
    void afterABreakTheBallPassesThroughBricksUntilAnEmptyCell() {
        ball(4, 4, UP_RIGHT, 0);
        game.act(NOOP); // breaks (5,3), ball at (5,4) going down-right
        game.ballDir = UP_RIGHT; // send it straight into the next brick
        assertEquals(0.0, game.act(NOOP));
        assertTrue(game.bricks[3][6], "the brick stays");
        assertBall(6, 3, UP_RIGHT);
        assertTrue(game.strike);
        assertEquals(0.0, game.act(NOOP)); // (7,2) is a brick too: still passing
        assertBall(7, 2, UP_RIGHT);
        game.bricks[1][8] = false;
        game.act(NOOP); // (8,1) is empty: the strike ends
        assertFalse(game.strike);
        game.ballDir = DOWN_LEFT; // back into (7,2), whose brick survived the pass: now it breaks
        assertEquals(1.0, game.act(NOOP));
        assertFalse(game.bricks[2][7]);
    }

    @Test
    void paddleUnderTheOldColumnBouncesTheBallBackUp() {
        ball(3, 8, DOWN_RIGHT, 2).act(RIGHT); // the paddle moves to 3 first
        assertBall(4, 8, UP_RIGHT);
        assertFalse(game.terminal);
    }

    @Test
    void paddleUnderTheNewColumnReversesTheBall() {
        ball(3, 8, DOWN_RIGHT, 4).act(NOOP);
        assertBall(4, 8, UP_LEFT);
        assertFalse(game.terminal);
    }

    @Test
    void missingTheBallEndsTheGameWithTheBallInTheBottomRow() {
        ball(3, 8, DOWN_RIGHT, 6).act(LEFT);
        assertTrue(game.terminal);
        assertBall(4, 9, DOWN_RIGHT);
    }

    @Test
    void wallRefillsWhenTheBallReachesTheBottomWithNoBricksLeft() {
        ball(3, 8, DOWN_RIGHT, 3);
        for (boolean[] row : game.bricks) Arrays.fill(row, false);
        game.act(NOOP);
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++) assertEquals(y >= 1 && y <= 3, game.bricks[y][x], x + "," + y);
        ball(3, 8, DOWN_RIGHT, 3);
        for (boolean[] row : game.bricks) Arrays.fill(row, false);
        game.bricks[2][0] = true;
        game.act(NOOP);
        assertFalse(game.bricks[1][5], "no refill while a brick is left");
    }
}
