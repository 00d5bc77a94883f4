package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Space;

/**
 * SB3's {@code WarpFrame} (and Gymnasium's {@code AtariPreprocessing} resize): grayscale by OpenCV's
 * {@code RGB2GRAY} ({@code (4899R + 9617G + 1868B + 8192) >> 14}, the same bytes as ALE's grayscale screen), then
 * {@code INTER_AREA} resize to {@code height x width}, bit-exact with {@code cv2} ({@link AreaResize}).
 * Observations: {@code [height, width]} gray, or {@code [height, width, 3]} RGB when {@code grayscale} is false.
 * A grayscale screen ({@code obs=gray}) is only resized. {@code height x width} may equal the screen (no resize).
 */
public final class WarpFrame extends AtariWrapper.Observations<byte[]> {
    private final int srcHeight, srcWidth, srcChannels, channels;
    private final AreaResize resize;
    private final float[] plane;
    private final Space.Box space;

    public WarpFrame(Env<byte[]> env, int height, int width, boolean grayscale) {
        super(env);
        int[] shape = ((Space.Box) env.observationSpace()).shape();
        if (shape.length < 2 || shape.length > 3)
            throw new BadAtariInputException("resizing needs screen observations, not " + env.observationSpace() + " (a -ram id?)");
        srcHeight = shape[0];
        srcWidth = shape[1];
        srcChannels = shape.length == 3 ? shape[2] : 1;
        if (!grayscale && srcChannels == 1)
            throw new BadAtariInputException("gray=false needs an RGB screen, but the env observes grayscale: set obs=rgb");
        channels = grayscale ? 1 : srcChannels;
        resize = height == srcHeight && width == srcWidth ? null : new AreaResize(srcHeight, srcWidth, height, width, true);
        plane = new float[srcHeight * srcWidth];
        space = channels == 1 ? pixels(height, width) : pixels(height, width, channels);
    }

    @Override public Space observationSpace() { return space; }

    /** The warped frame of one screen observation. */
    @Override protected byte[] observation(byte[] screen) {
        int pixels = srcHeight * srcWidth;
        byte[] out = new byte[space.flatSize()];
        if (channels == 1) {
            if (srcChannels == 3) {
                for (int i = 0, j = 0; i < pixels; i++, j += 3)
                    plane[i] = gray(screen[j] & 0xFF, screen[j + 1] & 0xFF, screen[j + 2] & 0xFF);
            } else {
                for (int i = 0; i < pixels; i++) plane[i] = screen[i] & 0xFF;
            }
            if (resize == null) for (int i = 0; i < pixels; i++) out[i] = (byte) plane[i];
            else resize.resize(plane, out, 0);
            return out;
        }
        if (resize == null) return screen.clone();
        int outPixels = resize.height() * resize.width();
        byte[] channel = new byte[outPixels];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < pixels; i++) plane[i] = screen[i * channels + c] & 0xFF;
            resize.resize(plane, channel, 0);
            for (int i = 0; i < outPixels; i++) out[i * channels + c] = channel[i];
        }
        return out;
    }

    /** OpenCV's uint8 {@code RGB2GRAY}. */
    static int gray(int r, int g, int b) { return (4899 * r + 9617 * g + 1868 * b + 8192) >> 14; }
}
