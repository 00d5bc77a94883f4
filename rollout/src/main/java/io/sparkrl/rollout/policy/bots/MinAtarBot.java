package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import io.sparkrl.rollout.policy.Policy;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the MinAtar bots share: they choose upstream's actions ({@link MinAtarEnv#LEFT}...), played as the env's action
 * index for either action set ({@code -v0}: all six, {@code -v1}: the game's minimal set), and read cells by channel
 * name.
 */
abstract class MinAtarBot implements Policy {
    private final String name;
    private final List<String> channels;
    /** Upstream action to action index; actions outside a minimal set play its no-op, which every set has. */
    private final int[] actionIndex = new int[MinAtarEnv.ACTION_NAMES.size()];

    MinAtarBot(String name, String envId) {
        this.name = name;
        MinAtarEnv env = (MinAtarEnv) EnvRegistry.<float[]>make(envId).unwrapped();
        this.channels = env.channels();
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

    /** The index of the channel named {@code channel} (upstream's names, e.g. {@code ball}). */
    int channel(String channel) {
        int c = channels.indexOf(channel);
        if (c < 0) throw new IllegalStateException("no channel " + channel + " in " + channels);
        return c;
    }

    /** Whether cell {@code (x, y)} of {@code channel} is set. */
    static boolean cell(float[] obs, int off, int channel, int x, int y) {
        return obs[off + MinAtarEnv.index(channel, x, y)] > 0.5f;
    }

    /** The column of the first cell set in row {@code y} of {@code channel}, or -1. */
    static int columnIn(float[] obs, int off, int channel, int y) {
        for (int x = 0; x < MinAtarEnv.SIZE; x++) if (cell(obs, off, channel, x, y)) return x;
        return -1;
    }
}
