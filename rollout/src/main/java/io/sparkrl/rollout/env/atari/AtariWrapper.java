package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;

/**
 * A wrapper around a pixel env (an Atari env, or another wrapper of one) that passes everything through unless
 * overridden. Wrappers that need ALE itself (action meanings, its RNG) reach it through {@link #atari}; the others
 * also work over any {@code Env<byte[]>} whose info carries {@code lives} (what the tests use). Serializable with
 * their state when the env below is (an {@link AtariEnv} is).
 */
public abstract class AtariWrapper<O> implements Env<O>, java.io.Serializable {
    protected final Env<byte[]> env;

    protected AtariWrapper(Env<byte[]> env) { this.env = env; }

    /** The ALE env at the bottom of the stack. */
    protected AtariEnv atari() {
        if (env.unwrapped() instanceof AtariEnv a) return a;
        throw new IllegalArgumentException(getClass().getSimpleName() + " needs an Atari env, not " + env.spec().id());
    }

    @Override public EnvSpec spec() { return env.spec(); }

    @Override public Space actionSpace() { return env.actionSpace(); }

    @SuppressWarnings("unchecked")
    @Override public Env<O> unwrapped() { return (Env<O>) env.unwrapped(); }

    @Override public void close() { env.close(); }

    @Override public String toString() { return getClass().getSimpleName() + "(" + env + ")"; }

    /** Base for wrappers that keep byte[] observations and only change some of reset, step and observation. */
    public abstract static class Bytes extends AtariWrapper<byte[]> {
        protected Bytes(Env<byte[]> env) { super(env); }

        @Override public Space observationSpace() { return env.observationSpace(); }

        @Override public ResetResult<byte[]> reset(long seed) { return env.reset(seed); }

        @Override public ResetResult<byte[]> reset() { return env.reset(); }

        @Override public StepResult<byte[]> step(int action) { return env.step(action); }
    }

    /**
     * Base for wrappers that map each observation (Gymnasium's {@code ObservationWrapper}); {@link #onReset} lets
     * stateful ones (frame stacks, differences) start each episode afresh.
     */
    public abstract static class Observations<O> extends AtariWrapper<O> {
        protected Observations(Env<byte[]> env) { super(env); }

        /** The wrapped observation of one inner observation. */
        protected abstract O observation(byte[] inner);

        /** Called at each reset, before the reset's observation is mapped. */
        protected void onReset() {}

        @Override public ResetResult<O> reset(long seed) {
            onReset();
            ResetResult<byte[]> r = env.reset(seed);
            return new ResetResult<>(observation(r.obs()), r.info());
        }

        @Override public ResetResult<O> reset() {
            onReset();
            ResetResult<byte[]> r = env.reset();
            return new ResetResult<>(observation(r.obs()), r.info());
        }

        @Override public StepResult<O> step(int action) {
            StepResult<byte[]> r = env.step(action);
            return new StepResult<>(observation(r.obs()), r.reward(), r.terminated(), r.truncated(), r.info());
        }
    }

    /** A uint8 Box of the given shape, 0..255. */
    static Space.Box pixels(int... shape) { return box(0, 255, shape); }

    static Space.Box box(float low, float high, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] lo = new float[n], hi = new float[n];
        java.util.Arrays.fill(lo, low);
        java.util.Arrays.fill(hi, high);
        return new Space.Box(lo, hi, shape);
    }
}
