package io.sparkrl.rollout.env.minatar;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * MinAtar Seaquest: a submarine shoots enemy fish and subs (+1 each), rescues divers, and must surface before its
 * oxygen runs out, carrying at least one diver; surfacing with six divers pays a bonus for the oxygen left. Contact
 * with an enemy or an enemy bullet ends the episode. Each surfacing speeds the enemies up.
 */
public final class Seaquest extends MinAtarEnv {
    public static final int SUB_FRONT = 0, SUB_BACK = 1, FRIENDLY_BULLET = 2, TRAIL = 3, ENEMY_BULLET = 4, ENEMY_FISH = 5,
            ENEMY_SUB = 6, OXYGEN_GAUGE = 7, DIVER_GAUGE = 8, DIVER = 9;
    private static final int[] MINIMAL_ACTIONS = {NOOP, LEFT, UP, RIGHT, DOWN, FIRE};
    private static final int MAX_OXYGEN = 200;
    private static final int MAX_DIVERS = 6;
    private static final int INIT_SPAWN_PERIOD = 20, DIVER_SPAWN_PERIOD = 30, INIT_MOVE_PERIOD = 5;
    private static final int SHOT_COOL_DOWN = 5, ENEMY_SHOT_INTERVAL = 10, DIVER_MOVE_PERIOD = 5;

    /**
     * A moving thing: bullet, fish, enemy sub or diver. Equality is by value because upstream keeps entities as
     * Python lists and removes them by value; with that, two identical entities behave exactly as upstream's.
     */
    static final class Entity implements Serializable {
        int x, y;
        boolean right;
        /** Steps until the next move (fish, subs, divers) and until the next shot (subs). */
        int moveTimer, shotTimer;

        Entity(int x, int y, boolean right, int moveTimer, int shotTimer) {
            this.x = x;
            this.y = y;
            this.right = right;
            this.moveTimer = moveTimer;
            this.shotTimer = shotTimer;
        }

        boolean at(int cx, int cy) { return x == cx && y == cy; }

        /** Moves one cell along its direction; returns whether it is still on the board. */
        boolean advance() {
            x += right ? 1 : -1;
            return x >= 0 && x <= 9;
        }

        /** The cell behind it, where its trail is drawn. */
        int backX() { return right ? x - 1 : x + 1; }

        @Override public boolean equals(Object o) {
            return o instanceof Entity e && x == e.x && y == e.y && right == e.right && moveTimer == e.moveTimer
                    && shotTimer == e.shotTimer;
        }

        @Override public int hashCode() { return Objects.hash(x, y, right, moveTimer, shotTimer); }
    }

    int subX, subY;
    boolean facingRight;
    int oxygen, diverCount;
    /** Whether the sub has been at the surface since it last dived (surfacing is counted once). */
    boolean surfaced;
    /** In creation order; every update loop visits a list newest first, as upstream's {@code reversed()}. */
    final List<Entity> friendlyBullets = new ArrayList<>(), enemyBullets = new ArrayList<>(),
            fish = new ArrayList<>(), enemySubs = new ArrayList<>(), divers = new ArrayList<>();
    int spawnPeriod, enemyTimer, diverTimer, movePeriod, shotTimer, rampIndex;

    public Seaquest(boolean minimal) {
        super("Seaquest", List.of("sub_front", "sub_back", "friendly_bullet", "trail", "enemy_bullet", "enemy_fish",
                "enemy_sub", "oxygen_gauge", "diver_gauge", "diver"), MINIMAL_ACTIONS, minimal);
    }

    @Override void startGame() {
        subX = 5;
        subY = 0;
        facingRight = false;
        oxygen = MAX_OXYGEN;
        diverCount = 0;
        for (List<Entity> list : List.of(friendlyBullets, enemyBullets, fish, enemySubs, divers)) list.clear();
        spawnPeriod = enemyTimer = INIT_SPAWN_PERIOD;
        diverTimer = DIVER_SPAWN_PERIOD;
        movePeriod = INIT_MOVE_PERIOD;
        shotTimer = 0;
        surfaced = true;
        rampIndex = 0;
    }

    @Override double act(int action) {
        double reward = 0;
        if (enemyTimer == 0) {
            spawnEnemy();
            enemyTimer = spawnPeriod;
        }
        if (diverTimer == 0) {
            spawnDiver();
            diverTimer = DIVER_SPAWN_PERIOD;
        }
        switch (action) {
            case FIRE -> {
                if (shotTimer == 0) {
                    friendlyBullets.add(new Entity(subX, subY, facingRight, 0, 0));
                    shotTimer = SHOT_COOL_DOWN;
                }
            }
            case LEFT -> {
                subX = Math.max(0, subX - 1);
                facingRight = false;
            }
            case RIGHT -> {
                subX = Math.min(9, subX + 1);
                facingRight = true;
            }
            case UP -> subY = Math.max(0, subY - 1);
            case DOWN -> subY = Math.min(8, subY + 1);
            default -> {}
        }

        for (int i = friendlyBullets.size() - 1; i >= 0; i--) {
            Entity bullet = friendlyBullets.get(i);
            if (!bullet.advance()) friendlyBullets.remove(bullet);
            else if (shotDown(bullet, fish) || shotDown(bullet, enemySubs)) reward++;
        }

        for (int i = divers.size() - 1; i >= 0; i--) {
            Entity diver = divers.get(i);
            if (pickUp(diver)) continue;
            if (diver.moveTimer == 0) {
                diver.moveTimer = DIVER_MOVE_PERIOD;
                if (!diver.advance()) divers.remove(diver);
                else pickUp(diver);
            } else {
                diver.moveTimer--;
            }
        }

        reward += moveEnemies(enemySubs, true);

        for (int i = enemyBullets.size() - 1; i >= 0; i--) {
            Entity bullet = enemyBullets.get(i);
            if (bullet.at(subX, subY)) terminal = true;
            if (!bullet.advance()) enemyBullets.remove(bullet);
            else if (bullet.at(subX, subY)) terminal = true;
        }

        reward += moveEnemies(fish, false);

        if (enemyTimer > 0) enemyTimer--;
        if (diverTimer > 0) diverTimer--;
        if (shotTimer > 0) shotTimer--;
        if (oxygen <= 0) terminal = true;
        if (subY > 0) {
            oxygen--;
            surfaced = false;
        } else if (!surfaced) {
            if (diverCount == 0) terminal = true;
            else reward += surface();
        }
        return reward;
    }

    /** Removes {@code bullet} and the first of {@code enemies} on its cell, if any; returns whether it hit. */
    private boolean shotDown(Entity bullet, List<Entity> enemies) {
        Entity enemy = firstAt(enemies, bullet.x, bullet.y);
        if (enemy == null) return false;
        enemies.remove(enemy);
        friendlyBullets.remove(bullet);
        return true;
    }

    /** Picks {@code diver} up if it is on the sub's cell and there is room; returns whether it did. */
    private boolean pickUp(Entity diver) {
        if (!diver.at(subX, subY) || diverCount >= MAX_DIVERS) return false;
        divers.remove(diver);
        diverCount++;
        return true;
    }

    /** Moves fish or enemy subs (which also shoot); returns the reward for those that ran into a friendly bullet. */
    private double moveEnemies(List<Entity> enemies, boolean shoot) {
        double reward = 0;
        for (int i = enemies.size() - 1; i >= 0; i--) {
            Entity enemy = enemies.get(i);
            if (enemy.at(subX, subY)) terminal = true;
            if (enemy.moveTimer == 0) {
                enemy.moveTimer = movePeriod;
                if (!enemy.advance()) {
                    enemies.remove(enemy);
                } else if (enemy.at(subX, subY)) {
                    terminal = true;
                } else {
                    Entity bullet = firstAt(friendlyBullets, enemy.x, enemy.y);
                    if (bullet != null) {
                        enemies.remove(enemy);
                        friendlyBullets.remove(bullet);
                        reward++;
                    }
                }
            } else {
                enemy.moveTimer--;
            }
            // Upstream shoots even with a sub that was just removed above.
            if (shoot) {
                if (enemy.shotTimer == 0) {
                    enemy.shotTimer = ENEMY_SHOT_INTERVAL;
                    enemyBullets.add(new Entity(enemy.x, enemy.y, enemy.right, 0, 0));
                } else {
                    enemy.shotTimer--;
                }
            }
        }
        return reward;
    }

    private static Entity firstAt(List<Entity> entities, int x, int y) {
        for (Entity e : entities) if (e.at(x, y)) return e;
        return null;
    }

    /** Refills the oxygen, pays the six-diver bonus, gives up one diver (even after the bonus) and ramps. */
    private double surface() {
        surfaced = true;
        double reward = 0;
        if (diverCount == MAX_DIVERS) {
            diverCount = 0;
            reward = oxygen * 10 / MAX_OXYGEN;
        }
        oxygen = MAX_OXYGEN;
        diverCount--;
        if (spawnPeriod > 1 || movePeriod > 2) {
            if (movePeriod > 2 && rampIndex % 2 == 1) movePeriod--;
            if (spawnPeriod > 1) spawnPeriod--;
            rampIndex++;
        }
        return reward;
    }

    /** Side, kind and row are always drawn; nothing spawns in a row where an enemy goes the other way. */
    private void spawnEnemy() {
        boolean right = rng.nextDouble() < 0.5;
        boolean isSub = rng.nextDouble() < 1.0 / 3;
        int y = rng.nextInt(8) + 1;
        for (List<Entity> enemies : List.of(enemySubs, fish))
            for (Entity e : enemies) if (e.y == y && e.right != right) return;
        Entity enemy = new Entity(right ? 0 : 9, y, right, movePeriod, isSub ? ENEMY_SHOT_INTERVAL : 0);
        (isSub ? enemySubs : fish).add(enemy);
    }

    private void spawnDiver() {
        boolean right = rng.nextDouble() < 0.5;
        int y = rng.nextInt(8) + 1;
        divers.add(new Entity(right ? 0 : 9, y, right, DIVER_MOVE_PERIOD, 0));
    }

    @Override void draw(float[] obs) {
        set(obs, SUB_FRONT, subX, subY);
        set(obs, SUB_BACK, facingRight ? subX - 1 : subX + 1, subY);
        // The last step of a dive that ran out of air leaves oxygen at -1: an empty gauge.
        for (int x = 0; x < Math.max(0, oxygen) * 10 / MAX_OXYGEN; x++) set(obs, OXYGEN_GAUGE, x, 9);
        // The diver gauge fills leftwards from column 8; counts of 0 or below (see surface) show nothing.
        for (int x = 9 - diverCount; x < 9; x++) set(obs, DIVER_GAUGE, x, 9);
        for (Entity b : friendlyBullets) set(obs, FRIENDLY_BULLET, b.x, b.y);
        for (Entity b : enemyBullets) set(obs, ENEMY_BULLET, b.x, b.y);
        drawWithTrail(obs, fish, ENEMY_FISH);
        drawWithTrail(obs, enemySubs, ENEMY_SUB);
        drawWithTrail(obs, divers, DIVER);
    }

    private static void drawWithTrail(float[] obs, List<Entity> entities, int channel) {
        for (Entity e : entities) {
            set(obs, channel, e.x, e.y);
            int back = e.backX();
            if (back >= 0 && back <= 9) set(obs, TRAIL, back, e.y);
        }
    }
}
