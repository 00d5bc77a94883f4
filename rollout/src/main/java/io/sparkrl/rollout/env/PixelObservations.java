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
    /** {@link #floatsOf} per scale: decoding a frame is a table lookup per pixel, not a multiply and a divide. */
    private static final java.util.Map<Float, float[]> TABLES = new java.util.concurrent.ConcurrentHashMap<>();
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
        float[] table = floatsOf(MAX_VALUE);
        for (int i = 0; i < bytes.length; i++) out[i] = table[bytes[i] & 0xFF];
        return out;
    }

    /** {@link #toFloat} of every byte value 0..255 on this scale, shared: read it, never write it. */
    public static float[] floatsOf(float maxValue) {
        return TABLES.computeIfAbsent(maxValue, m -> {
            float[] table = new float[256];
            for (int b = 0; b < 256; b++) table[b] = toFloat((byte) b, m);
            return table;
        });
    }

    /**
     * The float an unsigned byte is observed as on a 0..{@code maxValue} scale: {@code b * maxValue / 255} (not
     * {@code b * (maxValue / 255)}, so that at 1 it is exactly {@code b / 255f}, and at 255 exactly {@code b}).
     */
    public static float toFloat(byte b, float maxValue) { return (b & 0xFF) * maxValue / 255f; }

    /**
     * The byte a float observed on a 0..{@code maxValue} scale came from: the inverse of {@link #toFloat}, rounded
     * half up ({@code (int) (x + 0.5f)}, like Math.round for x >= 0 and much faster) and clamped to 0..255.
     */
    public static byte toByte(float v, float maxValue) {
        return (byte) Math.max(0, Math.min(255, (int) (v * (255f / maxValue) + 0.5f)));
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

    @SuppressWarnings("unchecked")
    @Override public Env<float[]> unwrapped() { return (Env<float[]>) (Env<?>) env.unwrapped(); }

    @Override public void close() { env.close(); }

    @Override public String toString() { return "PixelObservations(" + env + ")"; }
}
