package io.sparkrl.storage.replay;

import io.sparkrl.rollout.env.PixelObservations;
import io.sparkrl.storage.BadInputException;

/**
 * Pixel observations: {@code stack} frames of {@code height x width} uint8 values scaled to 0..{@code maxValue}
 * (as floats: {@code b * maxValue / 255}; 255 keeps the bytes' values, 1 is {@code PixelObservations}' [0, 1]),
 * oldest first, i.e. floats {@code [stack][height][width]} with the newest frame at index {@code stack-1}. Each entry
 * stores only its newest frame, as uint8 (rounded and clamped to 0..255), and loads it back exactly.
 *
 * <p>The contract the pixel envs' frame-stack wrapper must match, because the buffer rebuilds stacks from stored
 * frames: frame {@code stack-1-j} of a step's observation is the newest frame of the observation {@code j} steps
 * earlier in the same episode, and zeros where that is before the episode's first step (SB3's
 * {@code VecFrameStack} zero padding, not Gymnasium's repetition of the reset frame).
 */
public record FrameStackLayout(int stack, int height, int width, float maxValue) implements Layout {
    /** {@code maxValue} of frames observed as the bytes' own values, 0..255. */
    public static final float BYTE_MAX = 255f;
    /** Keeps an entry's bytes (and so a chunk of entries) well inside one Java array. */
    private static final int MAX_FRAME_PIXELS = 1 << 24;

    /** Frames observed as the bytes' own values, 0..255. */
    public FrameStackLayout(int stack, int height, int width) { this(stack, height, width, BYTE_MAX); }

    public FrameStackLayout {
        if (!(maxValue > 0 && maxValue < Float.POSITIVE_INFINITY))
            throw new BadInputException("FrameStackLayout maxValue must be positive, got " + maxValue);
        if (stack < 1 || height < 1 || width < 1)
            throw new BadInputException("FrameStackLayout stack, height and width must be positive, got "
                    + stack + ", " + height + ", " + width);
        if ((long) height * width > MAX_FRAME_PIXELS || (long) stack * height * width > Integer.MAX_VALUE)
            throw new BadInputException("FrameStackLayout frames of " + height + "x" + width + " (x" + stack
                    + ") are too large: downscale them to at most " + MAX_FRAME_PIXELS + " pixels");
    }

    @Override public int obsSize() { return stack * height * width; }

    @Override public int storedBytes() { return height * width; }

    @Override public void store(float[] obs, int offset, byte[] dst, int dstOffset) {
        int pixels = height * width, newest = offset + (stack - 1) * pixels;
        for (int i = 0; i < pixels; i++) dst[dstOffset + i] = PixelObservations.toByte(obs[newest + i], maxValue);
    }

    @Override public void load(byte[] src, int srcOffset, float[] dst, int dstOffset) {
        int pixels = height * width;
        float[] table = PixelObservations.floatsOf(maxValue);
        for (int i = 0; i < pixels; i++) dst[dstOffset + i] = table[src[srcOffset + i] & 0xFF];
    }

    @Override public String toString() {
        return "each frame of " + stack + " stored once as " + height + "x" + width + " bytes";
    }
}
