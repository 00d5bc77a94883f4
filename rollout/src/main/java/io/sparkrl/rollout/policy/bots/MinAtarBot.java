package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import io.sparkrl.rollout.policy.Policy;
import java.util.Arrays;
import java.util.Set;

/**
 * What the MinAtar bots share: they choose upstream's actions ({@link MinAtarEnv#LEFT}...), played as the env's action
 * index for either action set ({@code -v0}: all six, {@code -v1}: the game's minimal set), and read the observation's
 * cells by the game's channel constants ({@code Breakout.BALL}...).
 */
abstract class MinAtarBot implements Policy {
    private final String name;
    /** Upstream action to action index; actions outside a minimal set play its no-op, which every set has. */
    private final int[] actionIndex = new int[MinAtarEnv.ACTION_NAMES.size()];

    MinAtarBot(String name, String envId) {
        this.name = name;
        MinAtarEnv env = (MinAtarEnv) EnvRegistry.<float[]>make(envId).unwrapped();
        int[] actionSet = env.actionSet();
        int noop = indexOf(actionSet, MinAtarEnv.NOOP);
        Arrays.fill(actionIndex, noop);
        for (int i = 0; i < actionSet.length; i++) actionIndex[actionSet[i]] = i;
    }

    /** The ids of {@code game}: {@code MinAtar/<game>-v0} and {@code -v1}. */
    static Set<String> ids(String game) { return Set.of("MinAtar/" + game + "-v0", "MinAtar/" + game + "-v1"); }

    private static int indexOf(int[] actions, int action) {
        for (int i = 0; i < actions.length; i++) if (actions[i] == action) return i;
        throw new IllegalStateException("no action " + MinAtarEnv.ACTION_NAMES.get(action) + " in " + Arrays.toString(actions));
    }

    /** The upstream action (0-5) for the observation {@code obs[off ..]}. */
    abstract int choose(float[] obs, int off);

    @Override public String name() { return name; }

    @Override public int actDiscrete(float[] obs, int off, Rng rng) { return actionIndex[choose(obs, off)]; }

    /** Whether cell {@code (x, y)} of {@code channel} is set. */
    static boolean cell(float[] obs, int off, int channel, int x, int y) {
        return obs[off + MinAtarEnv.index(channel, x, y)] > 0.5f;
    }

    /** How upstream's actions {@code n l u r d f} move a player that walks the grid one cell at a time. */
    private static final int[] MOVE_DX = {0, -1, 0, 1, 0, 0}, MOVE_DY = {0, 0, -1, 0, 1, 0};

    /** The value of {@code action} taking a player to (x, y); negative infinity: never take it. */
    @FunctionalInterface
    interface MoveValue {
        double of(int action, int x, int y);
    }

    /**
     * The best of {@code actions} (upstream's) for a player at (x, y) that stays in rows {@code top..bottom}, the first
     * on a tie; -1 when none may be taken.
     */
    static int bestMove(int[] actions, int x, int y, int top, int bottom, MoveValue value) {
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int action : actions) {
            int nx = Math.max(0, Math.min(MinAtarEnv.SIZE - 1, x + MOVE_DX[action]));
            int ny = Math.max(top, Math.min(bottom, y + MOVE_DY[action]));
            double v = value.of(action, nx, ny);
            if (v > bestValue) {
                bestValue = v;
                best = action;
            }
        }
        return best;
    }

    /** The first cell set in {@code channel}, row by row from the top, as {@code y * SIZE + x}; -1 when none is. */
    static int firstCell(float[] obs, int off, int channel) {
        int start = off + MinAtarEnv.index(channel, 0, 0);
        for (int i = 0; i < MinAtarEnv.SIZE * MinAtarEnv.SIZE; i++) if (obs[start + i] > 0.5f) return i;
        return -1;
    }

    /** The column of the first cell set in row {@code y} of {@code channel}, or -1. */
    static int columnIn(float[] obs, int off, int channel, int y) {
        for (int x = 0; x < MinAtarEnv.SIZE; x++) if (cell(obs, off, channel, x, y)) return x;
        return -1;
    }
}
