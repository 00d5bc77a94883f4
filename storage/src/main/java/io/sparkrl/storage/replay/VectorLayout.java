package io.sparkrl.storage.replay;

import io.sparkrl.storage.BadInputException;

/** Observations of {@code obsSize} floats, stored whole as float32 (bit for bit). */
public record VectorLayout(int obsSize) implements Layout {
    /** Keeps an entry's bytes (and so a chunk of entries) well inside one Java array. */
    private static final int MAX_OBS_SIZE = 1 << 24;

    public VectorLayout {
        if (obsSize < 1 || obsSize > MAX_OBS_SIZE)
            throw new BadInputException("VectorLayout obsSize must be in 1.." + MAX_OBS_SIZE + ", got " + obsSize);
    }

    @Override public int stack() { return 1; }

    @Override public int storedBytes() { return Float.BYTES * obsSize; }

    @Override public void store(float[] obs, int offset, byte[] dst, int dstOffset) {
        for (int i = 0; i < obsSize; i++) LittleEndian.putFloat(dst, dstOffset + Float.BYTES * i, obs[offset + i]);
    }

    @Override public void load(byte[] src, int srcOffset, float[] dst, int dstOffset) {
        for (int i = 0; i < obsSize; i++) dst[dstOffset + i] = LittleEndian.getFloat(src, srcOffset + Float.BYTES * i);
    }

    @Override public String toString() { return "observations of " + obsSize + " floats stored whole"; }
}
