package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.minatar.Freeway;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;

/**
 * MinAtar Freeway: the chicken steps up when the car of the lane ahead cannot reach the chicken's column while the
 * chicken waits there for its next move, and steps back down when the car of its own lane is about to reach it. A
 * car's direction is read from its trail, its speed from the trail's channel.
 */
final class FreewayBot extends MinAtarBot {
    static final String NAME = "cross-when-clear";
    private static final int SIZE = MinAtarEnv.SIZE, START_ROW = SIZE - 1, CHICKEN_X = 4, MAX_SPEED = 5;
    /** Car moves the chicken spends in a lane it enters before it can move on (it moves every third step). */
    private static final int STAY = 3;

    FreewayBot(String envId) {
        super(NAME, envId);
    }

    @Override int choose(float[] obs, int off) {
        int at = firstCell(obs, off, Freeway.CHICKEN);
        if (at < 0) return MinAtarEnv.NOOP;
        int row = at / SIZE;
        if (row == 1 || stepsUntilHit(obs, off, row - 1) > STAY) return MinAtarEnv.UP;
        boolean threatened = row != START_ROW && stepsUntilHit(obs, off, row) <= 1;
        if (threatened && (row + 1 == START_ROW || stepsUntilHit(obs, off, row + 1) > STAY)) return MinAtarEnv.DOWN;
        return MinAtarEnv.NOOP;
    }

    /**
     * The fewest steps before the car of lane {@code row} (1-8) can be in the chicken's column: a car of speed s moves
     * one column every s + 1 steps, and its timer is not in view.
     */
    private int stepsUntilHit(float[] obs, int off, int row) {
        int carX = columnIn(obs, off, Freeway.CAR, row);
        for (int speed = 1; speed <= MAX_SPEED; speed++) {
            int trailX = columnIn(obs, off, Freeway.SPEED_1_TRAIL + speed - 1, row);
            if (trailX < 0) continue;
            boolean right = Math.floorMod(carX - trailX, SIZE) == 1;
            int columns = Math.floorMod(right ? CHICKEN_X - carX : carX - CHICKEN_X, SIZE);
            return columns == 0 ? 0 : (columns - 1) * (speed + 1) + 1;
        }
        return Integer.MAX_VALUE; // a standing car (upstream's direction 0) never moves
    }
}
