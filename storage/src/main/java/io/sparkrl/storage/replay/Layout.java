package io.sparkrl.storage.replay;

/**
 * How a {@link ReplayBuffer} stores observations. The agent's observation is {@link #stack()} frames of
 * {@link #frameSize()} floats, oldest first; each buffer entry stores only the newest frame, in
 * {@link #storedBytes()} bytes, and the buffer rebuilds the stack from the entries before it in the same stream.
 */
public sealed interface Layout permits VectorLayout, FrameStackLayout {

    /** Floats in one agent observation. */
    int obsSize();

    /** Frames in one agent observation; 1 where observations are stored whole. */
    int stack();

    /** Bytes one entry stores. */
    int storedBytes();

    /** Floats in one frame. */
    default int frameSize() { return obsSize() / stack(); }

    /** Stores the newest frame of the observation at {@code obs[offset...]} into {@code dst} at {@code dstOffset}. */
    void store(float[] obs, int offset, byte[] dst, int dstOffset);

    /** Writes the frame stored at {@code src[srcOffset...]} as {@link #frameSize()} floats into {@code dst}. */
    void load(byte[] src, int srcOffset, float[] dst, int dstOffset);
}
