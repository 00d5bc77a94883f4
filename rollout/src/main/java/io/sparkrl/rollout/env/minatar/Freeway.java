package io.sparkrl.rollout.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Freeway: a chicken in column 4 crosses eight lanes of traffic from the bottom row to the top; each crossing
 * gives +1 and new car speeds, a car sends the chicken back to the bottom. The episode lasts 2501 steps.
 */
public final class Freeway extends MinAtarEnv {
    public static final int CHICKEN = 0, CAR = 1;
    /** Channels 2..6 are the trail of a car of speed 1..5, so a car's speed can be seen. */
    public static final int SPEED_1_TRAIL = 2;
    private static final int[] MINIMAL_ACTIONS = {NOOP, UP, DOWN};
    private static final int CARS = 8;
    private static final int CHICKEN_X = 4;
    /** Steps the chicken waits between moves. */
    private static final int PLAYER_SPEED = 3;
    private static final int TIME_LIMIT = 2500;

    int pos, moveTimer, countdown;
    /** Car i drives in row i + 1: its column, the steps until it moves, and its velocity (sign = direction). */
    final int[] carX = new int[CARS], carTimer = new int[CARS], carV = new int[CARS];

    public Freeway(boolean minimal) {
        super("Freeway", List.of("chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5"), MINIMAL_ACTIONS,
                minimal);
    }

    @Override void startGame() {
        randomizeCars();
        Arrays.fill(carX, 0);
        pos = 9;
        moveTimer = PLAYER_SPEED;
        countdown = TIME_LIMIT;
    }

    /** New speeds (1..5) and directions for all cars, drawn all speeds first; positions are kept. */
    private void randomizeCars() {
        for (int i = 0; i < CARS; i++) carV[i] = rng.nextInt(5) + 1;
        for (int i = 0; i < CARS; i++) {
            // Upstream's sign(u - 1/2): exactly 1/2 would give a car that never moves.
            carV[i] *= (int) Math.signum(rng.nextDouble() - 0.5);
            carTimer[i] = Math.abs(carV[i]);
        }
    }

    @Override double act(int action) {
        double reward = 0;
        if (action == UP && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            pos = Math.max(0, pos - 1);
        } else if (action == DOWN && moveTimer == 0) {
            moveTimer = PLAYER_SPEED;
            pos = Math.min(9, pos + 1);
        }
        if (pos == 0) {
            reward = 1;
            randomizeCars();
            pos = 9;
        }
        for (int i = 0; i < CARS; i++) {
            if (hits(i)) pos = 9;
            if (carTimer[i] == 0) {
                carTimer[i] = Math.abs(carV[i]);
                carX[i] = Math.floorMod(carX[i] + Integer.signum(carV[i]), SIZE);
                if (hits(i)) pos = 9;
            } else {
                carTimer[i]--;
            }
        }
        if (moveTimer > 0) moveTimer--;
        if (--countdown < 0) terminal = true;
        return reward;
    }

    private boolean hits(int car) { return carX[car] == CHICKEN_X && car + 1 == pos; }

    @Override void draw(float[] obs) {
        set(obs, CHICKEN, CHICKEN_X, pos);
        for (int i = 0; i < CARS; i++) {
            set(obs, CAR, carX[i], i + 1);
            int back = Math.floorMod(carX[i] - Integer.signum(carV[i]), SIZE);
            set(obs, SPEED_1_TRAIL - 1 + Math.abs(carV[i]), back, i + 1);
        }
    }
}
