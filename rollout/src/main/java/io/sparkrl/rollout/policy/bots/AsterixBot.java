package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.minatar.Asterix;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;

/**
 * MinAtar Asterix: of the five moves, takes the one toward the nearest gold among those no enemy can reach this step:
 * an enemy is assumed to move one cell along its row every step (its direction read from its trail, or from the edge
 * it enters at; either way when neither shows), and the move must leave a safe move for the next step too.
 */
final class AsterixBot extends MinAtarBot {
    static final String NAME = "gold-not-enemies";
    private static final int SIZE = MinAtarEnv.SIZE, TOP = 1, BOTTOM = SIZE - 2;
    private static final int[] MOVES = {MinAtarEnv.NOOP, MinAtarEnv.LEFT, MinAtarEnv.UP, MinAtarEnv.RIGHT, MinAtarEnv.DOWN};
    /** Per row: the enemy's column (-1: none) and direction (0: unknown). */
    private final int[] enemyX = new int[SIZE], enemyDir = new int[SIZE];

    AsterixBot(String envId) {
        super(NAME, envId);
    }

    @Override int choose(float[] obs, int off) {
        int at = firstCell(obs, off, Asterix.PLAYER);
        if (at < 0) return MinAtarEnv.NOOP;
        int x = at % SIZE, y = at / SIZE;
        for (int row = TOP; row <= BOTTOM; row++) {
            enemyX[row] = columnIn(obs, off, Asterix.ENEMY, row);
            enemyDir[row] = enemyX[row] < 0 ? 0 : direction(obs, off, enemyX[row], row);
        }
        int best = bestMove(MOVES, x, y, TOP, BOTTOM, (action, nx, ny) -> safe(nx, ny) && hasSafeMove(nx, ny)
                ? -goldDistance(obs, off, nx, ny) : Double.NEGATIVE_INFINITY);
        return best < 0 ? MinAtarEnv.NOOP : best;
    }

    /** +1 (right) or -1 (left) from the trail, else from the edge the entity entered at; 0 when neither tells. */
    private int direction(float[] obs, int off, int ex, int row) {
        if (ex > 0 && cell(obs, off, Asterix.TRAIL, ex - 1, row)) return 1;
        if (ex < SIZE - 1 && cell(obs, off, Asterix.TRAIL, ex + 1, row)) return -1;
        return ex == 0 ? 1 : ex == SIZE - 1 ? -1 : 0;
    }

    /** Whether no enemy is on (x, y) now or after moving one cell. */
    private boolean safe(int x, int y) {
        int ex = enemyX[y];
        if (ex < 0) return true;
        int dir = enemyDir[y];
        return ex != x && (dir == 0 ? Math.abs(ex - x) > 1 : ex + dir != x);
    }

    /** Whether some move from (x, y) is safe from the enemies one step on, a cell further along their rows. */
    private boolean hasSafeMove(int x, int y) {
        return bestMove(MOVES, x, y, TOP, BOTTOM, (action, nx, ny) -> {
            int ex = enemyX[ny], dir = enemyDir[ny];
            boolean reachable = ex >= 0 && Math.abs(nx - ex) <= 2 && (dir == 0 || (nx - ex) * dir >= 0);
            return reachable ? Double.NEGATIVE_INFINITY : 0;
        }) >= 0;
    }

    /** The Manhattan distance from (x, y) to the nearest gold; a constant when there is none. */
    private int goldDistance(float[] obs, int off, int x, int y) {
        int nearest = 2 * SIZE;
        for (int row = TOP; row <= BOTTOM; row++) {
            int gx = columnIn(obs, off, Asterix.GOLD, row);
            if (gx >= 0) nearest = Math.min(nearest, Math.abs(gx - x) + Math.abs(row - y));
        }
        return nearest;
    }
}
