package io.sparkrl.rollout.env.minatar;

import static io.sparkrl.rollout.env.minatar.MinAtarEnv.FIRE;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.LEFT;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.NOOP;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.index;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Space Invaders' rules, each from a set-up state through game steps (no sticky draws). */
class SpaceInvadersTest {
    private final SpaceInvaders game = new SpaceInvaders(false);

    private void clear(boolean[][] map) {
        for (boolean[] row : map) Arrays.fill(row, false);
    }

    /**
     * A started game whose only aliens stand at the given {@code (x, y)} cells, moving in {@code dir}, about to move
     * if {@code moveNow} (else not for a long while), with no alien shot for a long while.
     */
    private void aliensAt(int dir, boolean moveNow, int... xy) {
        game.reset(0);
        clear(game.aliens);
        for (int i = 0; i < xy.length; i += 2) game.aliens[xy[i + 1]][xy[i]] = true;
        game.alienDir = dir;
        game.moveTimer = moveNow ? 0 : 100;
        game.alienShotTimer = 100;
    }

    private static boolean[][] copy(boolean[][] map) {
        boolean[][] copy = new boolean[map.length][];
        for (int y = 0; y < map.length; y++) copy[y] = map[y].clone();
        return copy;
    }

    @Test
    void theGameDrawsNothing() {
        game.reset(1);
        SpaceInvaders other = new SpaceInvaders(false);
        other.reset(2);
        for (int t = 0; t < 300 && !game.terminal; t++) {
            game.act(t % 6);
            other.act(t % 6);
            assertArrayEquals(game.observation(), other.observation(), "step " + t);
        }
    }

    @Test
    void aliensFirstMoveAtStep13ThenEvery12AndShootAt11ThenEvery10() {
        game.reset(0);
        List<Integer> moves = new ArrayList<>(), shots = new ArrayList<>();
        for (int step = 1; step <= 37; step++) {
            boolean[][] before = copy(game.aliens);
            game.act(NOOP);
            if (!Arrays.deepEquals(before, game.aliens)) moves.add(step);
            if (anyEnemyBulletInRowOf(3)) shots.add(step);
            clear(game.enemyBullets);
        }
        assertEquals(List.of(13, 25, 37), moves); // left, left, then down at the edge
        assertEquals(List.of(11, 21, 31), shots);
    }

    private boolean anyEnemyBulletInRowOf(int y) {
        for (boolean b : game.enemyBullets[y]) if (b) return true;
        return false;
    }

    @Test
    void fewerAliensThanTheIntervalMoveFaster() {
        aliensAt(-1, true, 5, 2, 6, 2, 7, 2);
        game.act(NOOP);
        assertEquals(2, game.moveTimer, "reloaded to min(3 aliens, 12), less this step");
    }

    @Test
    void atTheEdgeTheAliensReverseAndStepDown() {
        aliensAt(-1, true, 0, 4, 3, 4);
        game.act(NOOP);
        assertEquals(1, game.alienDir);
        assertTrue(game.aliens[5][0] && game.aliens[5][3]);
        assertFalse(game.aliens[4][0]);
        float[] obs = game.observation();
        assertEquals(1f, obs[index(SpaceInvaders.ALIEN_RIGHT, 0, 5)]);
        assertEquals(0f, obs[index(SpaceInvaders.ALIEN_LEFT, 0, 5)]);
        assertEquals(1f, obs[index(SpaceInvaders.ALIEN, 3, 5)]);
    }

    @Test
    void aliensSteppingDownFromTheBottomRowEndTheGameAndWrapToTheTop() {
        aliensAt(1, true, 9, 9);
        game.pos = 0;
        game.act(NOOP);
        assertTrue(game.terminal);
        assertTrue(game.aliens[0][9], "row 9 rolls round to row 0");
    }

    @Test
    void anAlienReachingTheCannonEndsTheGame() {
        aliensAt(1, true, 4, 9);
        game.act(NOOP);
        assertTrue(game.terminal, "moving onto the cannon");
        aliensAt(-1, false, 5, 9);
        game.act(NOOP);
        assertTrue(game.terminal, "already on the cannon's cell");
    }

    @Test
    void theNearestColumnShootsFromItsLowestAlienSmallerColumnOnATie() {
        aliensAt(-1, false, 3, 1, 3, 6, 7, 2);
        game.alienShotTimer = 0;
        game.act(NOOP);
        assertTrue(game.enemyBullets[6][3], "columns 3 and 7 tie at distance 2: the smaller wins, its lowest alien");
        game.act(NOOP);
        assertTrue(game.enemyBullets[7][3], "the bullet falls from the next step");
    }

    @Test
    void enemyBulletsLeavingTheBoardVanishAndOnTheCannonEndTheGame() {
        game.reset(0);
        game.alienShotTimer = 100;
        game.enemyBullets[9][2] = true;
        game.enemyBullets[8][5] = true;
        game.act(NOOP);
        assertFalse(game.enemyBullets[0][2], "no wrap-around");
        assertTrue(game.terminal);
    }

    @Test
    void shotsRiseFromRowEightAtMostEveryFiveStepsAndKillForOnePointEach() {
        game.reset(0);
        game.alienShotTimer = game.moveTimer = 100;
        game.act(FIRE);
        assertTrue(game.friendlyBullets[8][5], "fired from row 9, moved up in the same step");
        game.act(FIRE);
        game.act(FIRE);
        game.act(FIRE);
        game.act(FIRE);
        int bullets = 0;
        for (boolean[] row : game.friendlyBullets) for (boolean b : row) bullets += b ? 1 : 0;
        assertEquals(1, bullets, "cooldown of 5 steps");
        assertEquals(1.0, game.act(NOOP), "reaches the alien at (5,3)");
        assertFalse(game.aliens[3][5]);
        assertFalse(game.friendlyBullets[3][5]);

        game.reset(0);
        game.alienShotTimer = game.moveTimer = 100;
        game.friendlyBullets[4][2] = game.friendlyBullets[4][7] = true;
        assertEquals(2.0, game.act(LEFT), "two kills in one step");
    }

    @Test
    void aClearedWaveComesBackFasterWithDirectionAndBulletsKept() {
        aliensAt(1, false, 5, 3);
        game.friendlyBullets[4][5] = true;
        game.enemyBullets[6][1] = true;
        assertEquals(1.0, game.act(NOOP));
        assertEquals(11, game.moveInterval);
        assertEquals(1, game.rampIndex);
        assertEquals(1, game.alienDir);
        assertTrue(game.enemyBullets[7][1]);
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++) assertEquals(y <= 3 && x >= 2 && x <= 7, game.aliens[y][x], x + "," + y);
        game.moveInterval = 6;
        clear(game.aliens);
        game.aliens[3][5] = true;
        game.friendlyBullets[4][5] = true;
        game.act(NOOP);
        assertEquals(6, game.moveInterval, "waves move no faster than every 6 steps");
    }
}
