package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;

/**
 * SB3's {@code MaxAndSkipEnv}: repeats the action {@code skip} times, sums the rewards, and returns the pixel-wise
 * maximum of the last two frames (with {@code pool}; else the last frame). It stops early when an episode ends; as in
 * SB3 the pooled frames are then whatever the buffers last held. No reset override: the first observation after a
 * reset is one plain frame.
 *
 * <p>With {@code grayAfterPool} the observations are OpenCV's {@code RGB2GRAY} of those (pooled) RGB frames,
 * {@code [210, 160]}: SB3's max-and-skip followed by its {@code WarpFrame}'s gray step, fused (the same bytes; a
 * {@link WarpFrame} above then only resizes).
 *
 * <p>Over a {@link FrameSkippable} env (ALE, or no-op resets over it) it steps without observations and grabs only
 * the two screens it pools, as palette indices, then pools and expands them through the palette itself (a 64 KB
 * table for gray-after-pool): the same bytes as pooling {@code getScreenRGB} frames, at a fraction of the cost.
 */
public final class MaxAndSkip extends AtariWrapper.Bytes {
    private final int skip;
    private final boolean pool, grayAfterPool, fast;
    private final byte[][] frames, screens;
    private final Space space;
    private int[] palette;
    private byte[] paletteGray, pooledGray;

    public MaxAndSkip(Env<byte[]> env, int skip, boolean pool) { this(env, skip, pool, false); }

    public MaxAndSkip(Env<byte[]> env, int skip, boolean pool, boolean grayAfterPool) {
        super(env);
        if (skip < 1) throw new BadAtariInputException("skip=" + skip + ": the frame skip must be >= 1");
        if (pool && skip < 2)
            throw new BadAtariInputException("pool=true needs skip >= 2 (it pools the last two frames of a step): set pool=false or skip >= 2");
        int[] shape = ((Space.Box) env.observationSpace()).shape();
        if (grayAfterPool && !(shape.length == 3 && shape[2] == 3))
            throw new BadAtariInputException("graying pooled frames needs the RGB screen, not " + env.observationSpace());
        this.skip = skip;
        this.pool = pool;
        this.grayAfterPool = grayAfterPool;
        this.fast = FrameSkippable.of(env) && ((FrameSkippable) env).obsType() != AtariEnv.ObsType.RAM;
        int size = env.observationSpace().flatSize();
        this.frames = new byte[][] {new byte[size], new byte[size]};
        this.screens = new byte[][] {new byte[AtariEnv.HEIGHT * AtariEnv.WIDTH], new byte[AtariEnv.HEIGHT * AtariEnv.WIDTH]};
        this.space = grayAfterPool ? pixels(shape[0], shape[1]) : env.observationSpace();
        if (fast) {
            palette = ((FrameSkippable) env).paletteRgb();
            paletteGray = atari().paletteGray();
            if (grayAfterPool) pooledGray = pooledGrayTable(palette);
        }
    }

    /** gray(max(rgb[a], rgb[b])) for every pair of palette indices a, b, at {@code a << 8 | b}. */
    private static byte[] pooledGrayTable(int[] palette) {
        byte[] table = new byte[256 * 256];
        for (int a = 0; a < 256; a++)
            for (int b = 0; b < 256; b++) {
                int ca = palette[a], cb = palette[b];
                table[a << 8 | b] = (byte) WarpFrame.gray(Math.max(ca >> 16 & 0xFF, cb >> 16 & 0xFF),
                        Math.max(ca >> 8 & 0xFF, cb >> 8 & 0xFF), Math.max(ca & 0xFF, cb & 0xFF));
            }
        return table;
    }

    @Override public Space observationSpace() { return space; }

    @Override public ResetResult<byte[]> reset(long seed) { return gray(env.reset(seed)); }

    @Override public ResetResult<byte[]> reset() { return gray(env.reset()); }

    private ResetResult<byte[]> gray(ResetResult<byte[]> r) { return grayAfterPool ? new ResetResult<>(toGray(r.obs()), r.info()) : r; }

    @Override public StepResult<byte[]> step(int action) {
        FrameSkippable inner = fast ? (FrameSkippable) env : null;
        double reward = 0;
        StepResult<byte[]> r = null;
        for (int i = 0; i < skip; i++) {
            r = fast ? inner.stepWithoutObservation(action) : env.step(action);
            reward += r.reward();
            if (pool && i >= skip - 2) {
                int slot = i - (skip - 2);
                if (fast) inner.screenIndicesInto(screens[slot]);
                else System.arraycopy(r.obs(), 0, frames[slot], 0, frames[slot].length);
            }
            if (r.done()) break;
        }
        byte[] obs;
        if (fast) {
            if (!pool) inner.screenIndicesInto(screens[1]);
            obs = expand(pool ? screens[0] : screens[1], screens[1]);
        } else if (pool) {
            obs = new byte[frames[0].length];
            byte[] a = frames[0], b = frames[1];
            for (int i = 0; i < obs.length; i++) obs[i] = (byte) Math.max(a[i] & 0xFF, b[i] & 0xFF);
            if (grayAfterPool) obs = toGray(obs);
        } else {
            obs = grayAfterPool ? toGray(r.obs()) : r.obs();
        }
        return new StepResult<>(obs, reward, r.terminated(), r.truncated(), r.info());
    }

    /** The observation pooling two screens of palette indices (the same screen twice: no pooling). */
    private byte[] expand(byte[] a, byte[] b) {
        byte[] out = new byte[space.flatSize()];
        int n = a.length;
        if (grayAfterPool) {
            for (int i = 0; i < n; i++) out[i] = pooledGray[(a[i] & 0xFF) << 8 | (b[i] & 0xFF)];
        } else if (((FrameSkippable) env).obsType() == AtariEnv.ObsType.GRAYSCALE) {
            for (int i = 0; i < n; i++) out[i] = (byte) Math.max(paletteGray[a[i] & 0xFF] & 0xFF, paletteGray[b[i] & 0xFF] & 0xFF);
        } else {
            for (int i = 0, j = 0; i < n; i++, j += 3) {
                int ca = palette[a[i] & 0xFF], cb = palette[b[i] & 0xFF];
                out[j] = (byte) Math.max(ca >> 16 & 0xFF, cb >> 16 & 0xFF);
                out[j + 1] = (byte) Math.max(ca >> 8 & 0xFF, cb >> 8 & 0xFF);
                out[j + 2] = (byte) Math.max(ca & 0xFF, cb & 0xFF);
            }
        }
        return out;
    }

    private static byte[] toGray(byte[] rgb) {
        byte[] gray = new byte[rgb.length / 3];
        for (int i = 0, j = 0; i < gray.length; i++, j += 3) gray[i] = (byte) WarpFrame.gray(rgb[j] & 0xFF, rgb[j + 1] & 0xFF, rgb[j + 2] & 0xFF);
        return gray;
    }
}
