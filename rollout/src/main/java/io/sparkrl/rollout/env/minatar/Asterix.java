package io.sparkrl.rollout.env.minatar;

import java.util.Arrays;
import java.util.List;

/**
 * MinAtar Asterix: the player moves freely in rows 1-8 while enemies and gold enter from the sides, one per row.
 * Touching gold gives +1, touching an enemy ends the episode. Spawning and movement speed up over time.
 */
public final class Asterix extends MinAtarEnv {
    public static final int PLAYER = 0, ENEMY = 1, TRAIL = 2, GOLD = 3;
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, UP, RIGHT, DOWN};
    private static final int SLOTS = 8;
    private static final int RAMP_INTERVAL = 100;

    int playerX, playerY;
    /** Slot i is the entity in row i + 1, if {@code occupied[i]}: its column, direction and kind. */
    final boolean[] occupied = new boolean[SLOTS];
    final int[] entityX = new int[SLOTS];
    final boolean[] goesRight = new boolean[SLOTS], gold = new boolean[SLOTS];
    int spawnPeriod, spawnTimer, movePeriod, moveTimer, rampTimer, rampIndex;

    public Asterix(boolean minimal) {
        super("Asterix", List.of("player", "enemy", "trail", "gold"), MINIMAL_ACTIONS, minimal);
    }

    @Override void startGame() {
        playerX = 5;
        playerY = 5;
        Arrays.fill(occupied, false);
        spawnPeriod = spawnTimer = 10;
        movePeriod = moveTimer = 5;
        rampTimer = RAMP_INTERVAL;
        rampIndex = 0;
    }

    @Override double act(int action) {
        double reward = 0;
        if (spawnTimer == 0) {
            spawn();
            spawnTimer = spawnPeriod;
        }
        switch (action) {
            case LEFT -> playerX = Math.max(0, playerX - 1);
            case RIGHT -> playerX = Math.min(9, playerX + 1);
            case UP -> playerY = Math.max(1, playerY - 1);
            case DOWN -> playerY = Math.min(8, playerY + 1);
            default -> {}
        }
        for (int i = 0; i < SLOTS; i++) reward += collide(i);
        if (moveTimer == 0) {
            moveTimer = movePeriod;
            for (int i = 0; i < SLOTS; i++) {
                if (!occupied[i]) continue;
                entityX[i] += goesRight[i] ? 1 : -1;
                if (entityX[i] < 0 || entityX[i] > 9) occupied[i] = false;
                else reward += collide(i);
            }
        }
        spawnTimer--;
        moveTimer--;
        if (spawnPeriod > 1 || movePeriod > 1) {
            if (rampTimer >= 0) {
                rampTimer--;
            } else {
                // The move period only drops every other ramp, so spawning speeds up twice as often.
                if (movePeriod > 1 && rampIndex % 2 == 1) movePeriod--;
                if (spawnPeriod > 1) spawnPeriod--;
                rampIndex++;
                rampTimer = RAMP_INTERVAL;
            }
        }
        return reward;
    }

    /** Resolves slot {@code i} meeting the player: gold is collected (+1), an enemy ends the game. */
    private double collide(int i) {
        if (!occupied[i] || entityX[i] != playerX || i + 1 != playerY) return 0;
        if (!gold[i]) {
            terminal = true;
            return 0;
        }
        occupied[i] = false;
        return 1;
    }

    /** Draws side and kind first (always), then one of the free slots, if there is one. */
    private void spawn() {
        boolean right = rng.nextDouble() < 0.5;
        boolean isGold = rng.nextDouble() < 1.0 / 3;
        int free = 0;
        for (boolean o : occupied) if (!o) free++;
        if (free == 0) return;
        int pick = rng.nextInt(free);
        for (int i = 0; i < SLOTS; i++) {
            if (occupied[i]) continue;
            if (pick-- == 0) {
                occupied[i] = true;
                entityX[i] = right ? 0 : 9;
                goesRight[i] = right;
                gold[i] = isGold;
                return;
            }
        }
    }

    @Override void draw(float[] obs) {
        set(obs, PLAYER, playerX, playerY);
        for (int i = 0; i < SLOTS; i++) {
            if (!occupied[i]) continue;
            set(obs, gold[i] ? GOLD : ENEMY, entityX[i], i + 1);
            int back = goesRight[i] ? entityX[i] - 1 : entityX[i] + 1;
            if (back >= 0 && back <= 9) set(obs, TRAIL, back, i + 1);
        }
    }
}
