package io.sparkrl.rollout.env.minatar;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One MinAtar game (Young &amp; Tian 2019, kenjyoung/MinAtar v1.0.15) as a Gymnasium env: what the five games share.
 * A subclass holds one game's rules; this class holds upstream's {@code Environment} wrapper around them (sticky
 * actions, one shared random stream, the game over until reset) and its Gym adapter (the action set, the ids).
 *
 * <p>Observations are {@code float[C * 10 * 10]} with shape {@code [C, 10, 10]}: channel-first (NCHW, as a DL4J
 * CNN takes it), index {@code (c * 10 + row) * 10 + col}, row 0 at the top. Upstream's state is the transpose,
 * a boolean {@code [10, 10, C]} array; every channel is 0 or 1.
 *
 * <p>Seeding follows upstream's Gym adapter, whose {@code seed} builds a new {@code Environment}: {@code reset(seed)}
 * reseeds the stream and forgets the last action, so the episode depends on the seed alone. {@code reset()} keeps
 * both, as upstream's {@code reset()} does (the sticky action carries over into the next episode).
 *
 * <p>An env is {@link Serializable} with its whole state (game, random stream, last action), so a vector env can
 * snapshot its copies and a Spark task continue their episodes exactly.
 */
public abstract class MinAtarEnv implements Env<float[]>, Serializable {
    /** The board is {@code SIZE x SIZE} cells. */
    public static final int SIZE = 10;
    /** Upstream's action map {@code n l u r d f}: every game takes all six, unused ones do nothing. */
    public static final int NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4, FIRE = 5;
    public static final List<String> ACTION_NAMES = List.of("n", "l", "u", "r", "d", "f");
    /** Upstream's default: with this probability a step repeats the previous executed action instead. */
    public static final double STICKY_ACTION_PROB = 0.1;
    private static final int[] ALL_ACTIONS = {NOOP, LEFT, UP, RIGHT, DOWN, FIRE};
    /** One observation space per channel count, shared by the envs (so a snapshot of many holds it once). */
    private static final Map<Integer, Space.Box> OBSERVATION_SPACES = new ConcurrentHashMap<>();

    private final EnvSpec spec;
    private final List<String> channels;
    private final int[] actionSet;
    private final Space.Box observationSpace;
    private final Space.Discrete actionSpace;
    /** The one stream for sticky draws and game randomness (the sticky draw comes first in each step). */
    final Rng rng = new Rng(0);
    private boolean seeded;
    private int lastAction = NOOP;
    /** Set by a game step that ends the episode; the rest of that step still runs, as upstream. */
    boolean terminal;

    /**
     * @param name upstream's game name, e.g. {@code SpaceInvaders}
     * @param channels the channel names, in channel order
     * @param minimalActions the game's minimal action set (upstream's {@code minimal_action_set()})
     * @param minimal whether this is {@code -v1} (the minimal set) or {@code -v0} (all six actions)
     */
    MinAtarEnv(String name, List<String> channels, int[] minimalActions, boolean minimal) {
        this.spec = new EnvSpec("MinAtar/" + name + (minimal ? "-v1" : "-v0"), 0, Double.NaN);
        this.channels = List.copyOf(channels);
        this.actionSet = minimal ? minimalActions.clone() : ALL_ACTIONS;
        this.observationSpace = OBSERVATION_SPACES.computeIfAbsent(channels.size(), MinAtarEnv::boolGrid);
        this.actionSpace = new Space.Discrete(actionSet.length);
    }

    /** {@code Box(0, 1, [c, 10, 10])}. */
    private static Space.Box boolGrid(int c) {
        int size = c * SIZE * SIZE;
        float[] ones = new float[size];
        Arrays.fill(ones, 1f);
        return new Space.Box(new float[size], ones, new int[] {c, SIZE, SIZE});
    }

    /** Starts a new episode's game state, drawing from {@link #rng} what the game draws at reset. */
    abstract void startGame();

    /** One step of the game under the executed action (0..5, after stickiness) on a game that is not over. */
    abstract double act(int action);

    /** Sets the observation's cells that are 1 ({@code obs} is all zeros on entry); see {@link #set}. */
    abstract void draw(float[] obs);

    /** The index of cell {@code (x, y)} (column, row) of {@code channel} in a channel-first observation. */
    public static int index(int channel, int x, int y) { return (channel * SIZE + y) * SIZE + x; }

    /** Marks cell {@code (x, y)} of {@code channel}. */
    static void set(float[] obs, int channel, int x, int y) { obs[index(channel, x, y)] = 1f; }

    @Override public EnvSpec spec() { return spec; }

    @Override public Space.Box observationSpace() { return observationSpace; }

    @Override public Space.Discrete actionSpace() { return actionSpace; }

    /** The channel names in channel order (upstream's {@code channels} dict). */
    public List<String> channels() { return channels; }

    /** The upstream action (index into {@link #ACTION_NAMES}) that each action of the action space executes. */
    public int[] actionSet() { return actionSet.clone(); }

    /** Upstream's names of the actions of the action space, e.g. {@code n, l, r} for Breakout-v1. */
    public String actionNames() {
        StringBuilder names = new StringBuilder();
        for (int a : actionSet) names.append(names.length() == 0 ? "" : ", ").append(ACTION_NAMES.get(a));
        return names.toString();
    }

    @Override public ResetResult<float[]> reset(long seed) {
        rng.seed(seed);
        seeded = true;
        lastAction = NOOP;
        return start();
    }

    @Override public ResetResult<float[]> reset() {
        if (!seeded) return reset(Rng.entropySeed());
        return start();
    }

    private ResetResult<float[]> start() {
        terminal = false;
        startGame();
        return new ResetResult<>(observation());
    }

    @Override public StepResult<float[]> step(int action) {
        if (!actionSpace.contains(action))
            throw new IllegalArgumentException(spec.id() + ": invalid action " + action + ", valid actions are 0.."
                    + (actionSet.length - 1) + " (" + actionSpace + ": " + actionNames() + ")");
        // Upstream draws even when the game is over, so the stream stays in step with it.
        int executed = rng.nextDouble() < STICKY_ACTION_PROB ? lastAction : actionSet[action];
        lastAction = executed;
        double reward = terminal ? 0 : act(executed);
        return new StepResult<>(observation(), reward, terminal, false);
    }

    /** The current observation (a new array). */
    public float[] observation() {
        float[] obs = new float[observationSpace.flatSize()];
        draw(obs);
        return obs;
    }

    @Override public String toString() { return spec.id(); }
}
