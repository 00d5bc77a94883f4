package io.sparkrl.rollout.env.classic;

import io.sparkrl.rollout.env.Rng;

/**
 * The states of {@code n} copies of one classic-control env, stepped together by their kernel
 * ({@link ClassicKernel#newBatch}): the dynamics stay the kernel's, the batch only decides how the states are laid
 * out and looped over. Episode bookkeeping (time limit, auto-reset, seeding) belongs to the caller.
 * Actions passed to {@code step} must already be valid ({@link ClassicKernel#checkAction},
 * {@link ClassicKernel#checkBoxActions}). Not thread-safe.
 */
public abstract class ClassicBatch {
    protected final ClassicKernel kernel;
    protected final int n;

    protected ClassicBatch(ClassicKernel kernel, int n) {
        if (n <= 0) throw new IllegalArgumentException("a batch needs at least one copy, got " + n);
        this.kernel = kernel;
        this.n = n;
    }

    public final int size() { return n; }

    /** Draws the initial state of copy {@code i}'s next episode from {@code rng}. */
    public abstract void reset(int i, Rng rng);

    /** Writes copy {@code i}'s float32 observation at {@code obs[obsOff ..]}. */
    public abstract void observe(int i, float[] obs, int obsOff);

    /** Copy {@code i}'s physical state (a new array, the single env's layout). */
    public abstract double[] state(int i);

    /** Sets copy {@code i}'s physical state (the single env's layout). */
    public abstract void setState(int i, double[] s);

    /**
     * One step of every copy under the Discrete actions {@code actions[i]}: writes {@code rewards[i]},
     * {@code terminated[i]} and each copy's new observation at {@code obs[i * obsSize ..]}.
     */
    public abstract void step(int[] actions, double[] rewards, boolean[] terminated, float[] obs);

    /** As {@link #step(int[], double[], boolean[], float[])}, with one Box action float per copy. */
    public abstract void step(float[] actions, double[] rewards, boolean[] terminated, float[] obs);

    /** The general batch: the states side by side in one array, each stepped by the kernel's per-state methods. */
    static final class Flat extends ClassicBatch {
        private final int stateSize;
        private final int obsSize;
        private final double[] states;

        Flat(ClassicKernel kernel, int n) {
            super(kernel, n);
            this.stateSize = kernel.stateSize();
            this.obsSize = kernel.obsSize();
            this.states = new double[n * stateSize];
        }

        @Override public void reset(int i, Rng rng) { kernel.reset(rng, states, i * stateSize); }

        @Override public void observe(int i, float[] obs, int obsOff) {
            kernel.observe(states, i * stateSize, obs, obsOff);
        }

        @Override public double[] state(int i) {
            double[] s = new double[stateSize];
            System.arraycopy(states, i * stateSize, s, 0, stateSize);
            return s;
        }

        @Override public void setState(int i, double[] s) {
            kernel.checkStateLength(s.length);
            System.arraycopy(s, 0, states, i * stateSize, stateSize);
        }

        @Override public void step(int[] actions, double[] rewards, boolean[] terminated, float[] obs) {
            for (int i = 0; i < n; i++) advance(i, actions[i], rewards, terminated, obs);
        }

        @Override public void step(float[] actions, double[] rewards, boolean[] terminated, float[] obs) {
            for (int i = 0; i < n; i++) advance(i, actions[i], rewards, terminated, obs);
        }

        private void advance(int i, float action, double[] rewards, boolean[] terminated, float[] obs) {
            int off = i * stateSize;
            rewards[i] = kernel.step(states, off, action);
            terminated[i] = kernel.terminated(states, off);
            kernel.observe(states, off, obs, i * obsSize);
        }
    }
}
