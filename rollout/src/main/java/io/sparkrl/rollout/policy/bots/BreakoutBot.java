package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.minatar.Breakout;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;

/**
 * MinAtar Breakout: moves the paddle under the column where the ball will reach the bottom, found by playing the
 * ball's flight forward (walls, ceiling and the bricks in view) from its cell and its trail.
 */
final class BreakoutBot extends MinAtarBot {
    static final String NAME = "track-ball";
    private static final int SIZE = MinAtarEnv.SIZE, BOTTOM = SIZE - 1;
    /** More steps than any flight from a paddle bounce back to the bottom row takes. */
    private static final int MAX_FLIGHT = 8 * SIZE;
    private final boolean[][] bricks = new boolean[SIZE][SIZE];

    BreakoutBot(String envId) {
        super(NAME, envId);
    }

    @Override int choose(float[] obs, int off) {
        int paddleX = columnIn(obs, off, Breakout.PADDLE, BOTTOM);
        int ballAt = firstCell(obs, off, Breakout.BALL), trailAt = firstCell(obs, off, Breakout.TRAIL);
        if (ballAt < 0 || trailAt < 0 || paddleX < 0) return MinAtarEnv.NOOP;
        int x = ballAt % SIZE, y = ballAt / SIZE, lastX = trailAt % SIZE, lastY = trailAt / SIZE;
        for (int row = 0; row < SIZE; row++)
            for (int col = 0; col < SIZE; col++) bricks[row][col] = cell(obs, off, Breakout.BRICK, col, row);
        int target = landingColumn(x, y, dx(x, lastX), dy(x, y, lastY));
        return paddleX < target ? MinAtarEnv.RIGHT : paddleX > target ? MinAtarEnv.LEFT : MinAtarEnv.NOOP;
    }

    /** The ball's horizontal direction; a ball that did not move sideways was turned back by a side wall. */
    private static int dx(int x, int lastX) {
        if (x != lastX) return Integer.signum(x - lastX);
        return x == 0 ? 1 : -1;
    }

    /**
     * The ball's vertical direction. A ball that kept its row bounced: off the ceiling (now down), off the paddle (now
     * up) or off the brick it broke (gone now, so a brick still on one side tells which side the broken one was); a ball
     * inside the wall that kept its row has just been served, going down.
     */
    private int dy(int x, int y, int lastY) {
        if (y != lastY) return Integer.signum(y - lastY);
        if (y == 0 || bricks[y][x]) return 1;
        if (y == BOTTOM - 1) return -1;
        if (bricks[y + 1][x]) return 1;
        if (bricks[y - 1][x]) return -1;
        return y >= 2 ? 1 : -1;
    }

    /** The column the ball is in when it next reaches the row above the paddle's, moving down. */
    private int landingColumn(int x, int y, int dx, int dy) {
        for (int t = 0; t < MAX_FLIGHT; t++) {
            int nx = x + dx, ny = y + dy;
            if (nx < 0 || nx >= SIZE) {
                nx = Math.max(0, Math.min(SIZE - 1, nx));
                dx = -dx;
            }
            if (ny < 0) {
                ny = 0;
                dy = -dy;
            } else if (bricks[ny][nx]) {
                bricks[ny][nx] = false;
                ny = y;
                dy = -dy;
            } else if (ny == BOTTOM) {
                return x;
            }
            x = nx;
            y = ny;
        }
        return x;
    }
}
