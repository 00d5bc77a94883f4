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
import io.sparkrl.rollout.env.minatar.Seaquest.Entity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seaquest's rules, each from a set-up state through game steps (no sticky draws). */
class SeaquestTest {
    private final Seaquest game = new Seaquest(false);

    /** A started game with the sub at {@code (x, y)} and no spawning for a long while. */
    private Seaquest sub(int x, int y) {
        game.reset(0);
        game.subX = x;
        game.subY = y;
        game.surfaced = y == 0;
        game.enemyTimer = game.diverTimer = 1000;
        return game;
    }

    private static Entity enemy(int x, int y, boolean right, int moveTimer, int shotTimer) {
        return new Entity(x, y, right, moveTimer, shotTimer);
    }

    @Test
    void shotsLeaveAtMostEveryFiveStepsAndMoveInTheirFirstStep() {
        sub(0, 4).facingRight = true; // bullets cross the whole board, so each new one shows in the count
        List<Integer> shots = new ArrayList<>();
        for (int step = 1; step <= 12; step++) {
            int before = game.friendlyBullets.size();
            game.act(FIRE);
            if (game.friendlyBullets.size() > before) shots.add(step);
            if (step == 1) assertEquals(1, game.friendlyBullets.get(0).x, "fired from x=0, already moved");
        }
        assertEquals(List.of(1, 6, 11), shots);
        assertFalse(game.friendlyBullets.isEmpty());
    }

    @Test
    void facingChangesEvenAgainstTheWallAndTheBackCellShowsIt() {
        sub(9, 4).act(RIGHT);
        assertTrue(game.facingRight);
        game.act(LEFT);
        game.subX = 0;
        game.act(LEFT);
        assertFalse(game.facingRight);
        float[] obs = game.observation();
        assertEquals(1f, obs[index(Seaquest.SUB_FRONT, 0, 4)]);
        assertEquals(1f, obs[index(Seaquest.SUB_BACK, 1, 4)]);
        game.act(RIGHT);
        assertEquals(1f, game.observation()[index(Seaquest.SUB_BACK, 0, 4)]);
        game.subY = 8;
        game.act(DOWN);
        assertEquals(8, game.subY, "the sub stays above the gauge row");
    }

    @Test
    void aBulletHitsAFishBeforeASubOnTheSameCell() {
        sub(5, 4);
        game.enemySubs.add(enemy(3, 4, true, 9, 9));
        game.fish.add(enemy(3, 4, true, 9, 0));
        game.friendlyBullets.add(new Entity(4, 4, false, 0, 0));
        assertEquals(1.0, game.act(NOOP));
        assertTrue(game.fish.isEmpty());
        assertEquals(1, game.enemySubs.size());
        assertTrue(game.friendlyBullets.isEmpty());
    }

    @Test
    void anEnemyMovingOntoABulletIsShot() {
        sub(5, 2);
        game.fish.add(enemy(0, 6, true, 0, 0));
        game.friendlyBullets.add(new Entity(2, 6, false, 0, 0)); // moves to 1, then the fish moves onto it
        assertEquals(1.0, game.act(NOOP));
        assertTrue(game.fish.isEmpty());
        assertTrue(game.friendlyBullets.isEmpty());
    }

    @Test
    void anEnemySubShootsEvenInTheStepItIsShot() {
        sub(5, 2);
        game.enemySubs.add(enemy(0, 6, true, 0, 0));
        game.friendlyBullets.add(new Entity(2, 6, false, 0, 0));
        assertEquals(1.0, game.act(NOOP));
        assertTrue(game.enemySubs.isEmpty());
        assertEquals(1, game.enemyBullets.size(), "the removed sub still fired");
        assertEquals(2, game.enemyBullets.get(0).x, "from (1,6) going right, moved in its first step");
    }

    @Test
    void anEnemySubShootsTenStepsAfterSpawningThenEveryEleven() {
        sub(5, 1);
        game.enemySubs.add(enemy(0, 8, true, 1000, 10));
        List<Integer> shots = new ArrayList<>();
        for (int step = 1; step <= 33; step++) {
            int before = game.enemyBullets.size();
            game.act(NOOP);
            if (game.enemyBullets.size() > before) shots.add(step);
            game.enemyBullets.clear();
        }
        assertEquals(List.of(11, 22, 33), shots);
    }

    @Test
    void enemiesAndEnemyBulletsEndTheGameOnContact() {
        sub(5, 4).fish.add(enemy(5, 4, true, 9, 0));
        game.act(NOOP);
        assertTrue(game.terminal, "fish on the sub");
        sub(5, 4).enemySubs.add(enemy(6, 4, false, 0, 9));
        game.act(NOOP);
        assertTrue(game.terminal, "enemy sub moving onto the sub");
        sub(5, 4).enemyBullets.add(new Entity(4, 4, true, 0, 0));
        game.act(NOOP);
        assertTrue(game.terminal, "enemy bullet moving onto the sub");
    }

    @Test
    void aFinalStepStillRunsToItsEnd() {
        sub(5, 4).enemyBullets.add(new Entity(4, 4, true, 0, 0));
        game.fish.add(enemy(1, 7, true, 9, 0));
        game.friendlyBullets.add(new Entity(2, 7, false, 0, 0));
        assertEquals(1.0, game.act(NOOP), "the fish shot in the same step still counts");
        assertTrue(game.terminal);
    }

    @Test
    void diversArePickedUpUpToSix() {
        sub(5, 4);
        game.divers.add(new Entity(5, 4, true, 3, 0));
        game.divers.add(new Entity(6, 4, false, 0, 0)); // swims onto the sub this step
        game.act(NOOP);
        assertEquals(2, game.diverCount);
        assertTrue(game.divers.isEmpty());
        game.diverCount = 6;
        game.divers.add(new Entity(5, 4, true, 3, 0));
        game.act(NOOP);
        assertEquals(6, game.diverCount);
        assertEquals(1, game.divers.size(), "no room: the diver stays");
    }

    @Test
    void oxygenRunsOutAtStep201Submerged() {
        game.reset(0);
        game.enemyTimer = game.diverTimer = 1000;
        game.act(DOWN);
        int steps = 1;
        while (!game.terminal) {
            game.enemyTimer = game.diverTimer = 1000;
            game.act(NOOP);
            steps++;
        }
        assertEquals(201, steps);
        assertEquals(-1, game.oxygen, "the final step still runs to its end");
        float[] obs = game.observation();
        for (int x = 0; x < 10; x++) assertEquals(0f, obs[index(Seaquest.OXYGEN_GAUGE, x, 9)], "empty gauge");
    }

    @Test
    void surfacingWithoutDiversEndsTheGame() {
        sub(5, 1).act(UP);
        assertTrue(game.terminal);
    }

    @Test
    void surfacingWithFewDiversRefillsOxygenAndCostsOneDiver() {
        sub(5, 1).diverCount = 3;
        game.oxygen = 50;
        assertEquals(0.0, game.act(UP));
        assertFalse(game.terminal);
        assertArrayEquals(new int[] {200, 2}, new int[] {game.oxygen, game.diverCount});
        game.act(NOOP);
        assertEquals(2, game.diverCount, "staying at the surface surfaces only once");
    }

    @Test
    void surfacingWithSixPaysForTheOxygenAndLeavesMinusOne() {
        sub(5, 1).diverCount = 6;
        game.oxygen = 159; // surfacing steps use no oxygen
        assertEquals(7.0, game.act(UP), "floor(159 * 10 / 200)");
        assertEquals(-1, game.diverCount);
        assertEquals(200, game.oxygen);
        float[] obs = game.observation();
        for (int x = 0; x < 10; x++) {
            assertEquals(0f, obs[index(Seaquest.DIVER_GAUGE, x, 9)], "the gauge is empty at -1");
            assertEquals(1f, obs[index(Seaquest.OXYGEN_GAUGE, x, 9)]);
        }
        game.act(DOWN);
        assertEquals(0.0, game.act(UP), "with -1 divers the sub can surface again");
        assertFalse(game.terminal);
        assertEquals(-2, game.diverCount);
    }

    @Test
    void gaugesShowOxygenAndDivers() {
        sub(5, 3).oxygen = 59;
        game.diverCount = 4;
        float[] obs = game.observation();
        for (int x = 0; x < 10; x++) {
            assertEquals(x < 2 ? 1f : 0f, obs[index(Seaquest.OXYGEN_GAUGE, x, 9)], "oxygen col " + x);
            assertEquals(x >= 5 && x <= 8 ? 1f : 0f, obs[index(Seaquest.DIVER_GAUGE, x, 9)], "diver col " + x);
        }
    }

    @Test
    void surfacingRampsSpawnAndMovePeriods() {
        game.reset(0);
        int[][] expected = {{19, 5}, {18, 4}, {17, 4}, {16, 3}, {15, 3}, {14, 2}, {13, 2}};
        for (int[] periods : expected) {
            game.subY = 1;
            game.surfaced = false;
            game.diverCount = 3;
            game.act(UP);
            assertArrayEquals(periods, new int[] {game.spawnPeriod, game.movePeriod});
        }
        for (int i = 0; i < 20; i++) {
            game.subY = 1;
            game.surfaced = false;
            game.diverCount = 3;
            game.terminal = false;
            game.act(UP);
        }
        assertArrayEquals(new int[] {1, 2}, new int[] {game.spawnPeriod, game.movePeriod});
        assertEquals(19, game.rampIndex);
    }

    @Test
    void enemySpawnDrawsSideKindRowAndIsRejectedAgainstTheFlow() {
        long seed = 8;
        Rng draws = new Rng(seed);
        boolean right = draws.nextDouble() < 0.5, isSub = draws.nextDouble() < 1.0 / 3;
        int row = draws.nextInt(8) + 1;
        sub(5, 0).rng.seed(seed);
        game.enemyTimer = 0;
        game.act(NOOP);
        List<Entity> spawned = isSub ? game.enemySubs : game.fish;
        assertEquals(1, spawned.size());
        Entity e = spawned.get(0);
        assertArrayEquals(new int[] {right ? 0 : 9, row, 4}, new int[] {e.x, e.y, e.moveTimer}, "timer 5, less its spawn step");
        assertEquals(right, e.right);
        assertEquals(20, game.enemyTimer + 1, "reloaded to the spawn period, minus this step");

        sub(5, 0).rng.seed(seed);
        game.fish.add(enemy(right ? 7 : 2, row, !right, 1000, 0));
        game.enemyTimer = 0;
        game.act(NOOP);
        assertEquals(1, game.fish.size() + game.enemySubs.size(), "an enemy going the other way blocks the row");
        Rng threeDrawsOn = new Rng(seed);
        threeDrawsOn.nextDouble();
        threeDrawsOn.nextDouble();
        threeDrawsOn.nextInt(8);
        assertArrayEquals(threeDrawsOn.state(), game.rng.state(), "a rejected spawn still takes all three draws");
    }

    @Test
    void enemiesAndDiversMoveFiveStepsAfterSpawningThenEverySix() {
        sub(5, 0);
        game.enemyTimer = game.diverTimer = 0; // both spawn in step 1
        game.act(NOOP);
        Entity enemy = game.fish.isEmpty() ? game.enemySubs.get(0) : game.fish.get(0), diver = game.divers.get(0);
        List<Integer> enemyMoves = new ArrayList<>(), diverMoves = new ArrayList<>();
        for (int step = 2; step <= 18; step++) {
            int enemyX = enemy.x, diverX = diver.x;
            game.enemyTimer = game.diverTimer = 1000;
            game.act(NOOP);
            if (enemy.x != enemyX) enemyMoves.add(step);
            if (diver.x != diverX) diverMoves.add(step);
        }
        assertEquals(List.of(6, 12, 18), enemyMoves);
        assertEquals(List.of(6, 12, 18), diverMoves);
    }

    @Test
    void enemiesAndDiversSpawnOnSchedule() {
        game.reset(3);
        game.subY = 0;
        List<Integer> enemySteps = new ArrayList<>(), diverSteps = new ArrayList<>();
        for (int step = 1; step <= 61; step++) {
            int enemies = game.fish.size() + game.enemySubs.size(), divers = game.divers.size();
            game.act(NOOP);
            if (game.enemySubs.size() + game.fish.size() > enemies) enemySteps.add(step);
            if (game.divers.size() > divers) diverSteps.add(step);
            game.fish.clear();
            game.enemySubs.clear();
            game.divers.clear();
            game.enemyBullets.clear();
        }
        assertEquals(List.of(21, 41, 61), enemySteps);
        assertEquals(List.of(31, 61), diverSteps);
    }

    @Test
    void trailsAreDrawnBehindFishSubsAndDiversButNotBullets() {
        sub(5, 3);
        game.fish.add(enemy(4, 5, true, 3, 0));
        game.enemySubs.add(enemy(9, 6, true, 3, 3));
        game.divers.add(new Entity(2, 7, false, 3, 0));
        game.enemyBullets.add(new Entity(6, 8, true, 0, 0));
        float[] obs = game.observation();
        assertEquals(1f, obs[index(Seaquest.TRAIL, 3, 5)]);
        assertEquals(1f, obs[index(Seaquest.TRAIL, 8, 6)]);
        assertEquals(1f, obs[index(Seaquest.TRAIL, 3, 7)]);
        assertEquals(0f, obs[index(Seaquest.TRAIL, 5, 8)]);
        assertEquals(1f, obs[index(Seaquest.ENEMY_BULLET, 6, 8)]);
        assertEquals(1f, obs[index(Seaquest.DIVER, 2, 7)]);
    }
}
