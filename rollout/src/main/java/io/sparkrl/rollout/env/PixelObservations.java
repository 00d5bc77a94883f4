package io.sparkrl.rollout.env;

import java.io.Serializable;

/**
 * Feeds a uint8 env ({@code Env<byte[]>}: Atari screens, frame stacks, RAM) to the float pipeline: each byte
 * {@code b} becomes {@code b / 255f}, so observations lie in [0, 1] as SB3's policies scale images before their
 * networks. The bytes come back exactly as {@code round(v * 255)}: the replay buffer and the steps table store them
 * that way. Serializable when the wrapped env is.
 */
public final class PixelObservations implements Env<float[]>, Serializable {
    /** The largest stored value: a byte of 255 is observed as 1. */
    public static final float MAX_VALUE = 1f;
    private final Env<byte[]> env;
    private final Space.Box space;

    public PixelObservations(Env<byte[]> env) {
        this.env = env;
        if (!(env.observationSpace() instanceof Space.Box box))
            throw new IllegalArgumentException(env.spec().id() + " has observation space " + env.observationSpace() + ", not a uint8 Box");
        float[] low = new float[box.flatSize()], high = new float[box.flatSize()];
        java.util.Arrays.fill(high, MAX_VALUE);
        space = new Space.Box(low, high, box.shape());
    }

    /** {@code b / 255f} for every byte, unsigned. */
    public static float[] toFloats(byte[] bytes) {
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = (bytes[i] & 0xFF) / 255f;
        return out;
    }

    @Override public EnvSpec spec() { return env.spec(); }

    @Override public Space observationSpace() { return space; }

    @Override public Space actionSpace() { return env.actionSpace(); }

    @Override public ResetResult<float[]> reset(long seed) { return floats(env.reset(seed)); }

    @Override public ResetResult<float[]> reset() { return floats(env.reset()); }

    @Override public StepResult<float[]> step(int action) { return floats(env.step(action)); }

    @Override public StepResult<float[]> step(float[] action) { return floats(env.step(action)); }

    private static ResetResult<float[]> floats(ResetResult<byte[]> r) { return new ResetResult<>(toFloats(r.obs()), r.info()); }

    private static StepResult<float[]> floats(StepResult<byte[]> r) {
        return new StepResult<>(toFloats(r.obs()), r.reward(), r.terminated(), r.truncated(), r.info());
    }

    /** The wrapped uint8 env. */
    public Env<byte[]> bytes() { return env; }

    @SuppressWarnings("unchecked")
    @Override public Env<float[]> unwrapped() { return (Env<float[]>) (Env<?>) env.unwrapped(); }

    @Override public void close() { env.close(); }

    @Override public String toString() { return "PixelObservations(" + env + ")"; }
}
