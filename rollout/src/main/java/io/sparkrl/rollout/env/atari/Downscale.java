package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Space;

/**
 * KERL's (reinforcement-learning-keras) downscaled resolution: grayscale as the mean of R, G and B, then an
 * {@code INTER_AREA} resize by {@code factor} to {@code (int) (210 * factor) x (int) (160 * factor)} (KERL's
 * {@code ImageProcessWrapper(scale=0.4)} gives 84x64). KERL divides by 255 into float32; sparkrl keeps uint8
 * (its value times 255, rounded), computed in float32. Observations {@code [height, width]}.
 */
public final class Downscale extends AtariWrapper.Observations<byte[]> {
    private final int srcHeight, srcWidth;
    private final AreaResize resize;
    private final float[] plane;
    private final Space.Box space;

    public Downscale(Env<byte[]> env, double factor) {
        super(env);
        int[] shape = ((Space.Box) env.observationSpace()).shape();
        if (shape.length != 3 || shape[2] != 3)
            throw new BadAtariInputException("downscale needs an RGB screen, not " + env.observationSpace() + ": set obs=rgb (and no -ram id)");
        if (!(factor > 0 && factor <= 1))
            throw new BadAtariInputException("downscale=" + factor + ": the factor must be in (0, 1]");
        srcHeight = shape[0];
        srcWidth = shape[1];
        int h = (int) (srcHeight * factor), w = (int) (srcWidth * factor);
        if (h < 1 || w < 1) throw new BadAtariInputException("downscale=" + factor + " leaves no pixels: use a larger factor");
        resize = new AreaResize(srcHeight, srcWidth, h, w, false);
        plane = new float[srcHeight * srcWidth];
        space = pixels(h, w);
    }

    @Override public Space observationSpace() { return space; }

    @Override protected byte[] observation(byte[] rgb) {
        for (int i = 0, j = 0; i < plane.length; i++, j += 3)
            plane[i] = ((rgb[j] & 0xFF) + (rgb[j + 1] & 0xFF) + (rgb[j + 2] & 0xFF)) / 3f;
        byte[] out = new byte[space.flatSize()];
        resize.resize(plane, out, 0);
        return out;
    }
}
