package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import io.sparkrl.rollout.env.minatar.SpaceInvaders;

/**
 * MinAtar Space Invaders: fires when an alien is above the cannon, otherwise moves toward the nearest column with
 * aliens; never into a column where an enemy bullet is one row above the cannon (it lands next step), and stepping
 * aside when one is two rows above.
 */
final class SpaceInvadersBot extends MinAtarBot {
    static final String NAME = "aim-and-dodge";
    private static final int SIZE = MinAtarEnv.SIZE, CANNON_ROW = SIZE - 1;

    SpaceInvadersBot(String envId) {
        super(NAME, envId);
    }

    @Override int choose(float[] obs, int off) {
        int x = columnIn(obs, off, SpaceInvaders.CANNON, CANNON_ROW);
        if (x < 0) return MinAtarEnv.NOOP;
        int target = nearestAlienColumn(obs, off, x);
        if (target == x && danger(obs, off, x) == 0) return MinAtarEnv.FIRE;
        int toward = target >= x ? MinAtarEnv.RIGHT : MinAtarEnv.LEFT;
        int away = toward == MinAtarEnv.RIGHT ? MinAtarEnv.LEFT : MinAtarEnv.RIGHT;
        // The least dangerous of a step toward the target, staying and a step away, the first of them on a tie.
        return bestMove(new int[] {toward, MinAtarEnv.NOOP, away}, x, CANNON_ROW, CANNON_ROW, CANNON_ROW,
                (action, nx, ny) -> -danger(obs, off, nx));
    }

    /** 2: an enemy bullet lands on column x next step; 1: the step after; 0: neither. */
    private int danger(float[] obs, int off, int x) {
        if (cell(obs, off, SpaceInvaders.ENEMY_BULLET, x, CANNON_ROW - 1)) return 2;
        return cell(obs, off, SpaceInvaders.ENEMY_BULLET, x, CANNON_ROW - 2) ? 1 : 0;
    }

    /** The column holding aliens nearest to x (the smaller on a tie), or x when there are none. */
    private int nearestAlienColumn(float[] obs, int off, int x) {
        for (int d = 0; d < SIZE; d++)
            for (int c : new int[] {x - d, x + d})
                if (c >= 0 && c < SIZE)
                    for (int y = 0; y < SIZE; y++) if (cell(obs, off, SpaceInvaders.ALIEN, c, y)) return c;
        return x;
    }
}
