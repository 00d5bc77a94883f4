package io.sparkrl.rollout.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Breakout: a paddle in the bottom row keeps a diagonally moving ball in play; each brick broken gives +1,
 * the wall of bricks comes back once it is cleared, and the episode ends when the ball reaches the bottom row.
 */
public final class Breakout extends MinAtarEnv {
    public static final int PADDLE = 0, BALL = 1, TRAIL = 2, BRICK = 3;
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, RIGHT};
    /** Ball directions 0 up-left, 1 up-right, 2 down-right, 3 down-left, as (dx, dy) and their mirror images. */
    static final int UP_LEFT = 0, UP_RIGHT = 1, DOWN_RIGHT = 2, DOWN_LEFT = 3;
    private static final int[] DX = {-1, 1, 1, -1}, DY = {-1, -1, 1, 1};
    private static final int[] MIRROR_X = {1, 0, 3, 2}, MIRROR_Y = {3, 2, 1, 0}, REVERSE = {2, 3, 0, 1};

    int paddle;
    int ballX, ballY, ballDir;
    /** The ball's cell before the last step (the trail). */
    int lastX, lastY;
    final boolean[][] bricks = new boolean[SIZE][SIZE];
    /** Whether the ball broke a brick and has not yet reached an empty cell: it passes through bricks meanwhile. */
    boolean strike;

    public Breakout(boolean minimal) {
        super("Breakout", List.of("paddle", "ball", "trail", "brick"), MINIMAL_ACTIONS, minimal);
    }

    @Override void startGame() {
        boolean fromLeft = rng.nextInt(2) == 0;
        ballX = fromLeft ? 0 : 9;
        ballY = 3;
        ballDir = fromLeft ? DOWN_RIGHT : DOWN_LEFT;
        paddle = 4;
        for (boolean[] row : bricks) Arrays.fill(row, false);
        fillBricks();
        strike = false;
        lastX = ballX;
        lastY = ballY;
    }

    private void fillBricks() {
        for (int y = 1; y <= 3; y++) Arrays.fill(bricks[y], true);
    }

    @Override double act(int action) {
        double reward = 0;
        if (action == LEFT) paddle = Math.max(0, paddle - 1);
        else if (action == RIGHT) paddle = Math.min(9, paddle + 1);

        lastX = ballX;
        lastY = ballY;
        int nx = ballX + DX[ballDir], ny = ballY + DY[ballDir];
        if (nx < 0 || nx > 9) {
            nx = Math.max(0, Math.min(9, nx));
            ballDir = MIRROR_X[ballDir];
        }
        boolean touchedBrick = false;
        if (ny < 0) {
            ny = 0;
            ballDir = MIRROR_Y[ballDir];
        } else if (bricks[ny][nx]) {
            touchedBrick = true;
            if (!strike) {
                reward = 1;
                bricks[ny][nx] = false;
                strike = true;
                ny = lastY;
                ballDir = MIRROR_Y[ballDir];
            }
        } else if (ny == 9) {
            if (noBricksLeft()) fillBricks();
            // The paddle (already moved) under the ball's old column bounces it back up; under its new column it
            // sends it back the way it came.
            if (paddle == lastX) {
                ballDir = MIRROR_Y[ballDir];
                ny = lastY;
            } else if (paddle == nx) {
                ballDir = REVERSE[ballDir];
                ny = lastY;
            } else {
                terminal = true;
            }
        }
        if (!touchedBrick) strike = false;
        ballX = nx;
        ballY = ny;
        return reward;
    }

    private boolean noBricksLeft() {
        for (boolean[] row : bricks)
            for (boolean b : row) if (b) return false;
        return true;
    }

    @Override void draw(float[] obs) {
        set(obs, PADDLE, paddle, 9);
        set(obs, BALL, ballX, ballY);
        set(obs, TRAIL, lastX, lastY);
        for (int y = 0; y < SIZE; y++)
            for (int x = 0; x < SIZE; x++) if (bricks[y][x]) set(obs, BRICK, x, y);
    }
}
