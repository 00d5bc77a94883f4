package io.sparkrl.rollout.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Space Invaders: a cannon in the bottom row shoots up at a block of aliens that sweeps sideways, steps down
 * at the edges and shoots back. Each alien hit gives +1; an alien or alien bullet reaching the cannon ends the
 * episode. Each cleared wave comes back faster. There is no randomness in this game.
 */
public final class SpaceInvaders extends MinAtarEnv {
    public static final int CANNON = 0, ALIEN = 1, ALIEN_LEFT = 2, ALIEN_RIGHT = 3, FRIENDLY_BULLET = 4, ENEMY_BULLET = 5;
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, RIGHT, FIRE};
    private static final int SHOT_COOL_DOWN = 5, INIT_MOVE_INTERVAL = 12, ENEMY_SHOT_INTERVAL = 10;
    /** Later waves move no faster than this. */
    private static final int MIN_MOVE_INTERVAL = 6;

    int pos;
    /** {@code [row][col]} maps. */
    final boolean[][] aliens = new boolean[SIZE][SIZE], friendlyBullets = new boolean[SIZE][SIZE],
            enemyBullets = new boolean[SIZE][SIZE];
    /** -1 left, +1 right. */
    int alienDir;
    int moveInterval, moveTimer, alienShotTimer, cooldown, rampIndex;

    public SpaceInvaders(boolean minimal) {
        super("SpaceInvaders", List.of("cannon", "alien", "alien_left", "alien_right", "friendly_bullet",
                "enemy_bullet"), MINIMAL_ACTIONS, minimal);
    }

    @Override void startGame() {
        pos = 5;
        for (boolean[][] map : List.of(aliens, friendlyBullets, enemyBullets))
            for (boolean[] row : map) Arrays.fill(row, false);
        fillAliens();
        alienDir = -1;
        moveInterval = moveTimer = INIT_MOVE_INTERVAL;
        alienShotTimer = ENEMY_SHOT_INTERVAL;
        cooldown = 0;
        rampIndex = 0;
    }

    private void fillAliens() {
        for (int y = 0; y <= 3; y++) Arrays.fill(aliens[y], 2, 8, true);
    }

    @Override double act(int action) {
        if (action == FIRE && cooldown == 0) {
            friendlyBullets[9][pos] = true;
            cooldown = SHOT_COOL_DOWN;
        } else if (action == LEFT) {
            pos = Math.max(0, pos - 1);
        } else if (action == RIGHT) {
            pos = Math.min(9, pos + 1);
        }

        rollRows(friendlyBullets, -1);
        Arrays.fill(friendlyBullets[9], false);
        rollRows(enemyBullets, 1);
        Arrays.fill(enemyBullets[0], false);
        if (enemyBullets[9][pos]) terminal = true;

        if (aliens[9][pos]) terminal = true;
        if (moveTimer == 0) {
            // With fewer aliens than the interval, they move faster: one alien left moves every step.
            moveTimer = Math.min(count(aliens), moveInterval);
            if ((alienDir < 0 && anyInColumn(0)) || (alienDir > 0 && anyInColumn(9))) {
                alienDir = -alienDir;
                if (anyInRow(9)) terminal = true;
                rollRows(aliens, 1);
            } else {
                for (boolean[] row : aliens) rollColumns(row, alienDir);
            }
            if (aliens[9][pos]) terminal = true;
        }
        if (alienShotTimer == 0) {
            alienShotTimer = ENEMY_SHOT_INTERVAL;
            int column = nearestAlienColumn();
            enemyBullets[lowestAlien(column)][column] = true;
        }

        double reward = 0;
        for (int y = 0; y < SIZE; y++)
            for (int x = 0; x < SIZE; x++)
                if (aliens[y][x] && friendlyBullets[y][x]) {
                    aliens[y][x] = friendlyBullets[y][x] = false;
                    reward++;
                }

        if (cooldown > 0) cooldown--;
        moveTimer--;
        alienShotTimer--;
        if (count(aliens) == 0) {
            if (moveInterval > MIN_MOVE_INTERVAL) {
                moveInterval--;
                rampIndex++;
            }
            fillAliens();
        }
        return reward;
    }

    /** The column holding aliens nearest to the cannon, the smaller on a tie (there is always an alien here). */
    private int nearestAlienColumn() {
        for (int d = 0; d < SIZE; d++) {
            if (pos - d >= 0 && anyInColumn(pos - d)) return pos - d;
            if (pos + d < SIZE && anyInColumn(pos + d)) return pos + d;
        }
        throw new IllegalStateException("no aliens left to shoot");
    }

    private int lowestAlien(int column) {
        for (int y = SIZE - 1; y >= 0; y--) if (aliens[y][column]) return y;
        throw new IllegalStateException("no alien in column " + column);
    }

    private boolean anyInColumn(int x) {
        for (boolean[] row : aliens) if (row[x]) return true;
        return false;
    }

    private boolean anyInRow(int y) {
        for (boolean a : aliens[y]) if (a) return true;
        return false;
    }

    private static int count(boolean[][] map) {
        int n = 0;
        for (boolean[] row : map)
            for (boolean b : row) if (b) n++;
        return n;
    }

    /** {@code numpy.roll} along rows: row y moves to row {@code y + by}, wrapping around. */
    private static void rollRows(boolean[][] map, int by) {
        boolean[][] old = map.clone();
        for (int y = 0; y < SIZE; y++) map[Math.floorMod(y + by, SIZE)] = old[y];
    }

    /** {@code numpy.roll} of one row: column x moves to column {@code x + by}, wrapping around. */
    private static void rollColumns(boolean[] row, int by) {
        boolean[] old = row.clone();
        for (int x = 0; x < SIZE; x++) row[Math.floorMod(x + by, SIZE)] = old[x];
    }

    @Override void draw(float[] obs) {
        set(obs, CANNON, pos, 9);
        for (int y = 0; y < SIZE; y++)
            for (int x = 0; x < SIZE; x++) {
                if (aliens[y][x]) {
                    set(obs, ALIEN, x, y);
                    set(obs, alienDir < 0 ? ALIEN_LEFT : ALIEN_RIGHT, x, y);
                }
                if (friendlyBullets[y][x]) set(obs, FRIENDLY_BULLET, x, y);
                if (enemyBullets[y][x]) set(obs, ENEMY_BULLET, x, y);
            }
    }
}
