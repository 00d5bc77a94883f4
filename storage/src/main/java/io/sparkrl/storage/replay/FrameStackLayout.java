package io.sparkrl.storage.replay;

import io.sparkrl.storage.BadInputException;

/**
 * Pixel observations: {@code stack} frames of {@code height x width} values 0..255 (as floats), oldest first, i.e.
 * floats {@code [stack][height][width]} with the newest frame at index {@code stack-1}. Each entry stores only its
 * newest frame, as uint8 (rounded and clamped to 0..255).
 *
 * <p>The contract the pixel envs' frame-stack wrapper must match, because the buffer rebuilds stacks from stored
 * frames: frame {@code stack-1-j} of a step's observation is the newest frame of the observation {@code j} steps
 * earlier in the same episode, and zeros where that is before the episode's first step (SB3's
 * {@code VecFrameStack} zero padding, not Gymnasium's repetition of the reset frame).
 */
public record FrameStackLayout(int stack, int height, int width) implements Layout {
    /** Keeps an entry's bytes (and so a chunk of entries) well inside one Java array. */
    private static final int MAX_FRAME_PIXELS = 1 << 24;

    public FrameStackLayout {
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
        // (int) (v + 0.5f) rounds half up like Math.round for v >= 0 (what is below clamps to 0 anyway), much faster.
        for (int i = 0; i < pixels; i++) dst[dstOffset + i] = (byte) Math.max(0, Math.min(255, (int) (obs[newest + i] + 0.5f)));
    }

    @Override public void load(byte[] src, int srcOffset, float[] dst, int dstOffset) {
        int pixels = height * width;
        for (int i = 0; i < pixels; i++) dst[dstOffset + i] = src[srcOffset + i] & 0xFF;
    }
}
