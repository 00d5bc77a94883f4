package io.sparkrl.rollout.env.classic;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/**
 * The dynamics of one classic-control env, the only place they live: it works on a state slice
 * {@code s[off .. off + stateSize)} so that the single env ({@link ClassicEnv}) and the flat vector env
 * ({@link io.sparkrl.rollout.vector.ClassicVectorEnv}, through a {@link ClassicBatch}) run the very same code.
 * Kernels are stateless and shared.
 *
 * <p>Every classic env has a one-scalar action: the index of a Discrete action (validated by the caller with
 * {@link #checkAction}) or the raw float32 Box action (clipped here, as Gymnasium does).
 */
public abstract class ClassicKernel {
    private final EnvSpec spec;
    private final int stateSize;
    private final Space observationSpace;
    private final Space actionSpace;

    protected ClassicKernel(EnvSpec spec, int stateSize, Space observationSpace, Space actionSpace) {
        this.spec = spec;
        this.stateSize = stateSize;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
    }

    public final EnvSpec spec() { return spec; }

    public final int stateSize() { return stateSize; }

    public final int obsSize() { return observationSpace.flatSize(); }

    public final Space observationSpace() { return observationSpace; }

    public final Space actionSpace() { return actionSpace; }

    /** Draws the initial state of an episode from {@code rng}. */
    public abstract void reset(Rng rng, double[] s, int off);

    /** Writes the float32 observation of the state. */
    public abstract void observe(double[] s, int off, float[] obs, int obsOff);

    /** Advances the state by one step under {@code action} and returns the reward. */
    public abstract double step(double[] s, int off, float action);

    /** Whether the state is terminal (evaluated after {@link #step}). */
    public abstract boolean terminated(double[] s, int off);

    /**
     * A batch of {@code n} copies for the vector env. The default keeps the states side by side and steps each with
     * {@link #step}; a kernel whose per-step cost matters may lay out and loop over its batch itself, as long as
     * it computes with the same code as {@link #step}.
     */
    public ClassicBatch newBatch(int n) { return new ClassicBatch.Flat(this, n); }

    /** Throws unless {@code length} is {@link #stateSize()}. */
    public final void checkStateLength(int length) {
        if (length != stateSize)
            throw new IllegalArgumentException(spec.id() + " state has " + stateSize + " values, got " + length);
    }

    /** Throws if {@code action} is not in the Discrete action space (or the space is a Box). */
    public final void checkAction(int action) {
        if (!(actionSpace instanceof Space.Discrete d))
            throw new IllegalArgumentException(spec.id() + " has action space " + actionSpace
                    + ": pass a float[] action, not an int");
        if (!d.contains(action))
            throw new IllegalArgumentException(spec.id() + ": invalid action " + action + ", valid actions are 0.."
                    + (d.n() - 1) + " (" + d + ")");
    }

    /** Throws unless the action space is a Box and {@code length} floats hold one scalar action per copy. */
    public final void checkBoxActions(int length, int copies) {
        if (!(actionSpace instanceof Space.Box))
            throw new IllegalArgumentException(spec.id() + " has action space " + actionSpace
                    + ": pass an int action, not a float[]");
        if (length != copies)
            throw new IllegalArgumentException(spec.id() + ": expected " + copies + " action floats (1 per copy), got "
                    + length);
    }
}
