package io.sparkrl.rollout.env.minatar;

import static io.sparkrl.rollout.env.minatar.MinAtarEnv.DOWN;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.FIRE;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.LEFT;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.NOOP;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.RIGHT;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.UP;
import static io.sparkrl.rollout.env.minatar.MinAtarEnv.index;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Asterix's rules, each from a set-up state through game steps (no sticky draws). */
class AsterixTest {
    private final Asterix game = new Asterix(false);

    /** Puts entity {@code kind} (gold or not) in the slot of {@code row} at column {@code x}. */
    private void place(int row, int x, boolean right, boolean gold) {
        int slot = row - 1;
        game.occupied[slot] = true;
        game.entityX[slot] = x;
        game.goesRight[slot] = right;
        game.gold[slot] = gold;
    }

    private int occupiedCount() {
        int n = 0;
        for (boolean o : game.occupied) n += o ? 1 : 0;
        return n;
    }

    @Test
    void spawnsEveryTenStepsFromStepElevenAndMovesEveryFiveFromStepSix() {
        game.reset(0);
        place(8, 0, true, true); // a sentinel that shows when entities move
        List<Integer> spawnSteps = new ArrayList<>(), moveSteps = new ArrayList<>();
        for (int step = 1; step <= 40; step++) {
            int sentinelX = game.entityX[7];
            game.act(NOOP);
            if (occupiedCount() > 1) spawnSteps.add(step);
            if (game.entityX[7] != sentinelX) moveSteps.add(step);
            Arrays.fill(game.occupied, 0, 7, false); // keep only the sentinel, so nothing reaches the player
        }
        assertEquals(List.of(11, 21, 31), spawnSteps);
        assertEquals(List.of(6, 11, 16, 21, 26, 31, 36), moveSteps);
        assertFalse(game.terminal);
    }

    @Test
    void aRampedPeriodTakesEffectAtTheTimersNextReload() {
        game.reset(0);
        List<Integer> spawnSteps = new ArrayList<>();
        for (int step = 1; step <= 130; step++) {
            game.act(NOOP);
            if (occupiedCount() > 0) spawnSteps.add(step);
            Arrays.fill(game.occupied, false);
        }
        // The ramp at step 102 sets the spawn period to 9; the timer reloaded at 101 still runs its 10 steps.
        assertEquals(List.of(91, 101, 111, 120, 129), spawnSteps.subList(8, 13));
    }

    @Test
    void rampsEvery102StepsToTheDocumentedPeriods() {
        game.reset(0);
        int[][] expected = {{9, 5}, {8, 4}, {7, 4}, {6, 3}, {5, 3}, {4, 2}, {3, 2}, {2, 1}, {1, 1}};
        for (int ramp = 0; ramp < expected.length; ramp++) {
            for (int t = 0; t < 102; t++) {
                Arrays.fill(game.occupied, false); // nothing reaches the player
                int before = game.spawnPeriod;
                game.act(NOOP);
                if (t < 101) assertEquals(before, game.spawnPeriod, "ramp " + ramp + " step " + t);
            }
            assertArrayEquals(expected[ramp], new int[] {game.spawnPeriod, game.movePeriod}, "after ramp " + (ramp + 1));
        }
        assertEquals(9, game.rampIndex);
        for (int t = 0; t < 500; t++) {
            Arrays.fill(game.occupied, false);
            game.act(NOOP);
        }
        assertArrayEquals(new int[] {1, 1}, new int[] {game.spawnPeriod, game.movePeriod});
        assertEquals(9, game.rampIndex, "no ramping once both periods are 1");
    }

    @Test
    void playerStaysInRowsOneToEightAndFireDoesNothing() {
        game.reset(0);
        game.playerY = 1;
        game.act(UP);
        assertEquals(1, game.playerY);
        game.playerY = 8;
        game.act(DOWN);
        assertEquals(8, game.playerY);
        game.playerX = 0;
        game.act(LEFT);
        assertEquals(0, game.playerX);
        game.playerX = 9;
        game.act(RIGHT);
        assertEquals(9, game.playerX);
        game.act(FIRE);
        assertArrayEquals(new int[] {9, 8}, new int[] {game.playerX, game.playerY});
    }

    @Test
    void walkingOntoGoldCollectsItAndOntoAnEnemyEndsTheGame() {
        game.reset(0);
        place(5, 6, false, true);
        assertEquals(1.0, game.act(RIGHT));
        assertFalse(game.occupied[4]);
        assertFalse(game.terminal);
        game.reset(0);
        place(4, 5, true, false);
        assertEquals(0.0, game.act(UP));
        assertTrue(game.terminal);
    }

    @Test
    void entitiesMovingOntoThePlayerCollideToo() {
        game.reset(0);
        game.moveTimer = 0;
        place(5, 4, true, true);
        assertEquals(1.0, game.act(NOOP), "gold moving onto the player");
        assertFalse(game.occupied[4]);
        game.reset(0);
        game.moveTimer = 0;
        place(5, 6, false, false);
        game.act(NOOP);
        assertTrue(game.terminal, "enemy moving onto the player");
    }

    @Test
    void entitiesLeavingTheBoardAreRemoved() {
        game.reset(0);
        game.moveTimer = 0;
        place(2, 9, true, false);
        place(3, 0, false, true);
        game.act(NOOP);
        assertFalse(game.occupied[1]);
        assertFalse(game.occupied[2]);
    }

    @Test
    void spawnDrawsSideKindThenAFreeSlotAndAlwaysTheFirstTwo() {
        long seed = 5;
        game.reset(seed);
        game.spawnTimer = 0;
        game.playerY = 8;
        for (int row = 1; row <= 8; row++) if (row != 3 && row != 6) place(row, 5, true, false);
        game.act(NOOP);
        Rng draws = new Rng(seed);
        boolean right = draws.nextDouble() < 0.5, gold = draws.nextDouble() < 1.0 / 3;
        int slot = draws.nextInt(2) == 0 ? 2 : 5; // the free slots, ascending
        assertTrue(game.occupied[slot]);
        assertEquals(right, game.goesRight[slot]);
        assertEquals(gold, game.gold[slot]);
        assertEquals(right ? 0 : 9, game.entityX[slot]);

        // With every slot full the side and kind are still drawn, then nothing spawns.
        game.reset(seed);
        Arrays.fill(game.occupied, true);
        Arrays.fill(game.entityX, 5);
        game.playerX = 0;
        game.spawnTimer = 0;
        game.act(NOOP);
        Rng after = new Rng(seed);
        after.nextDouble();
        after.nextDouble();
        assertEquals(after.nextLong(), game.rng.nextLong(), "exactly two draws consumed");
    }

    @Test
    void trailIsBehindTheEntityAndLeftOutOffTheBoard() {
        game.reset(0);
        place(2, 4, true, false);
        place(3, 0, true, true);
        place(4, 9, false, false);
        place(6, 3, false, true);
        float[] obs = game.observation();
        assertEquals(1f, obs[index(Asterix.ENEMY, 4, 2)]);
        assertEquals(1f, obs[index(Asterix.TRAIL, 3, 2)]);
        assertEquals(1f, obs[index(Asterix.GOLD, 0, 3)]);
        assertEquals(1f, obs[index(Asterix.GOLD, 3, 6)]);
        assertEquals(1f, obs[index(Asterix.TRAIL, 4, 6)]);
        assertEquals(1f, obs[index(Asterix.PLAYER, 5, 5)]);
        int trails = 0;
        for (int i = index(Asterix.TRAIL, 0, 0); i < index(Asterix.TRAIL + 1, 0, 0); i++) trails += (int) obs[i];
        assertEquals(2, trails, "fresh entities at the edge have no trail");
    }
}
