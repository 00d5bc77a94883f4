package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import io.sparkrl.rollout.env.minatar.Seaquest;

/**
 * MinAtar Seaquest: fires at an enemy ahead in the sub's row, otherwise heads for the nearest diver, else for the row
 * of the nearest enemy; heads up to surface once it carries a diver and oxygen is low (or it carries six), and never
 * surfaces without one (that ends the game). A move is taken only if no fish, enemy sub or enemy bullet can be on that
 * cell after this step.
 */
final class SeaquestBot extends MinAtarBot {
    static final String NAME = "shoot-rescue-surface";
    private static final int SIZE = MinAtarEnv.SIZE, GAUGE_ROW = SIZE - 1, DEEPEST = SIZE - 2, FULL_DIVERS = 6;
    /** Oxygen gauge cells (20 oxygen, 20 steps each) at which a sub with a diver turns for the surface. */
    private static final int LOW_OXYGEN = 3;
    private static final int[] ACTIONS = {MinAtarEnv.NOOP, MinAtarEnv.LEFT, MinAtarEnv.UP, MinAtarEnv.RIGHT,
            MinAtarEnv.DOWN, MinAtarEnv.FIRE};

    SeaquestBot(String envId) {
        super(NAME, envId);
    }

    @Override int choose(float[] obs, int off) {
        int at = firstCell(obs, off, Seaquest.SUB_FRONT);
        if (at < 0) return MinAtarEnv.NOOP;
        int x = at % SIZE, y = at / SIZE;
        int facing = x > 0 && cell(obs, off, Seaquest.SUB_BACK, x - 1, y) ? 1 : -1;
        int divers = count(obs, off, Seaquest.DIVER_GAUGE), air = count(obs, off, Seaquest.OXYGEN_GAUGE);
        boolean surfacing = divers > 0 && (air <= LOW_OXYGEN || divers == FULL_DIVERS);
        int[] goal = surfacing ? new int[] {x, 0} : goal(obs, off, x, y, divers);
        int best = bestMove(ACTIONS, x, y, 0, DEEPEST, (action, nx, ny) -> {
            if ((ny == 0 && !surfacing && y > 0) || !safe(obs, off, nx, ny)) return Double.NEGATIVE_INFINITY;
            if (action == MinAtarEnv.FIRE && enemyAhead(obs, off, x, y, facing)) return 1;
            return -Math.abs(goal[0] - nx) - Math.abs(goal[1] - ny) - (ny == 0 ? 0.5 : 0);
        });
        return best < 0 ? MinAtarEnv.NOOP : best;
    }

    /** The nearest diver while the sub has room, else a cell three columns from the nearest enemy in its row. */
    private int[] goal(float[] obs, int off, int x, int y, int divers) {
        int[] nearest = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int channel : divers < FULL_DIVERS ? new int[] {Seaquest.DIVER} : new int[] {Seaquest.ENEMY_FISH, Seaquest.ENEMY_SUB})
            for (int row = 1; row <= DEEPEST; row++)
                for (int col = 0; col < SIZE; col++)
                    if (cell(obs, off, channel, col, row) && Math.abs(col - x) + Math.abs(row - y) < bestDistance) {
                        bestDistance = Math.abs(col - x) + Math.abs(row - y);
                        nearest = new int[] {col, row};
                    }
        if (nearest == null) return new int[] {x, Math.max(y, SIZE / 2)};
        if (divers >= FULL_DIVERS) nearest[0] = nearest[0] < SIZE / 2 ? nearest[0] + 3 : nearest[0] - 3;
        return nearest;
    }

    /** Whether a fish or enemy sub is in row y ahead of the sub. */
    private boolean enemyAhead(float[] obs, int off, int x, int y, int facing) {
        for (int col = x + facing; col >= 0 && col < SIZE; col += facing)
            if (cell(obs, off, Seaquest.ENEMY_FISH, col, y) || cell(obs, off, Seaquest.ENEMY_SUB, col, y)) return true;
        return false;
    }

    /**
     * Whether no fish, enemy sub or enemy bullet can be on (x, y) after one step: none is there, and none next to it
     * moves onto it (a fish's or sub's direction shows in its trail; a bullet has none, so either way).
     */
    private boolean safe(float[] obs, int off, int x, int y) {
        for (int channel : new int[] {Seaquest.ENEMY_FISH, Seaquest.ENEMY_SUB, Seaquest.ENEMY_BULLET}) {
            if (cell(obs, off, channel, x, y)) return false;
            for (int dx : new int[] {-1, 1}) {
                int ex = x + dx;
                if (ex < 0 || ex >= SIZE || !cell(obs, off, channel, ex, y)) continue;
                boolean movesAway = channel != Seaquest.ENEMY_BULLET && ex - dx >= 0 && ex - dx < SIZE
                        && cell(obs, off, Seaquest.TRAIL, ex - dx, y);
                if (!movesAway) return false;
            }
        }
        return true;
    }

    /** The cells of {@code channel} set in the gauge row. */
    private static int count(float[] obs, int off, int channel) {
        int n = 0;
        for (int col = 0; col < SIZE; col++) if (cell(obs, off, channel, col, GAUGE_ROW)) n++;
        return n;
    }
}
