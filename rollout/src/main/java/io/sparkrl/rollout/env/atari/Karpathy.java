package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Space;

/**
 * Karpathy's Pong preprocessing (pg-pong.py; KeRLym's {@code karpathy_preproc}): rows 35-194 of the RGB screen,
 * every second row and column of the red channel (80x80), background values 144 and 109 to 0, anything else
 * nonzero to 1. With differencing the observation is this frame minus the previous one (KeRLym's
 * {@code difference_obs}); the first observation of an episode is the plain frame ({@link Mode#DIFF}, KeRLym) or
 * zeros ({@link Mode#DIFF_ZERO}, pg-pong.py). Observations are float32 {@code [80, 80]} in [0, 1], or [-1, 1] when
 * differenced: one frame, no stacking (KeRLym's stacking of differences is a bug not reproduced here).
 */
public final class Karpathy extends AtariWrapper.Observations<float[]> {
    public static final int SIZE = 80, TOP = 35;

    public enum Mode {
        /** The plain 80x80 binary frame. */ FRAME,
        /** KeRLym: current minus previous frame, the plain frame first. */ DIFF,
        /** pg-pong.py: current minus previous frame, zeros first. */ DIFF_ZERO
    }

    private final Mode mode;
    private final int srcWidth;
    private final Space.Box space;
    private float[] previous;

    public Karpathy(Env<byte[]> env, Mode mode) {
        super(env);
        int[] shape = ((Space.Box) env.observationSpace()).shape();
        if (shape.length != 3 || shape[2] != 3 || shape[0] < TOP + 2 * SIZE || shape[1] < 2 * SIZE)
            throw new BadAtariInputException("karpathy needs the 210x160 RGB screen, not " + env.observationSpace()
                    + ": set obs=rgb and no resize (size=0)");
        this.mode = mode;
        this.srcWidth = shape[1];
        this.space = box(mode == Mode.FRAME ? 0 : -1, 1, SIZE, SIZE);
    }

    @Override public Space observationSpace() { return space; }

    @Override protected void onReset() { previous = null; }

    @Override protected float[] observation(byte[] rgb) {
        float[] frame = preprocess(rgb, srcWidth);
        if (mode == Mode.FRAME) return frame;
        float[] out = new float[frame.length];
        if (previous != null) for (int i = 0; i < out.length; i++) out[i] = frame[i] - previous[i];
        else if (mode == Mode.DIFF) System.arraycopy(frame, 0, out, 0, out.length);
        previous = frame;
        return out;
    }

    /** The 80x80 binary frame of an RGB screen {@code width} pixels wide. */
    static float[] preprocess(byte[] rgb, int width) {
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            int row = (TOP + 2 * y) * width;
            for (int x = 0; x < SIZE; x++) {
                int red = rgb[(row + 2 * x) * 3] & 0xFF;
                out[y * SIZE + x] = red == 0 || red == 144 || red == 109 ? 0f : 1f;
            }
        }
        return out;
    }
}
