package io.sparkrl.rollout.runner;

import io.sparkrl.rollout.env.PixelObservations;
import java.io.Serializable;

/**
 * Observations that are stacks of {@code stack} uint8 frames of {@code frameSize} pixels, newest last, observed as
 * floats {@code b / 255} ({@code PixelObservations}): what episodes and tables store of them is each step's newest
 * frame, as the bytes it was observed from.
 */
public record Frames(int stack, int frameSize) implements Serializable {
    public Frames {
        if (stack < 1 || frameSize < 1) throw new IllegalArgumentException("frames need stack >= 1 and frameSize >= 1, got " + stack + ", " + frameSize);
    }

    /** Frames of observations of {@code obsSize} floats stacking {@code frameStack} frames; null for 0 (not frames). */
    public static Frames of(int frameStack, int obsSize) {
        return frameStack > 0 ? new Frames(frameStack, obsSize / frameStack) : null;
    }

    /** Writes the newest frame of the observation at {@code obs[offset ..]} into {@code dst} at {@code dstOffset}. */
    public void newestInto(float[] obs, int offset, byte[] dst, int dstOffset) {
        int newest = offset + (stack - 1) * frameSize;
        for (int i = 0; i < frameSize; i++)
            dst[dstOffset + i] = PixelObservations.toByte(obs[newest + i], PixelObservations.MAX_VALUE);
    }

    /** The newest frame of the observation at {@code obs[offset ..]}, a new array. */
    public byte[] newest(float[] obs, int offset) {
        byte[] out = new byte[frameSize];
        newestInto(obs, offset, out, 0);
        return out;
    }
}
