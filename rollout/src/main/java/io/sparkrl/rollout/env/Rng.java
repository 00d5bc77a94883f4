package io.sparkrl.rollout.env;

import java.io.Serializable;

/**
 * sparkrl's own seeded random stream: xoshiro256** seeded through SplitMix64. Unlike {@link java.util.Random}
 * its whole state is four longs that checkpoints can save and restore, and it is the same on every JVM.
 * Not thread-safe: one per env or per thread.
 */
public final class Rng implements Serializable {
    private long s0, s1, s2, s3;
    private double spareGaussian = Double.NaN;

    public Rng(long seed) { seed(seed); }

    /** Resets the stream as if newly built with {@code seed}. */
    public void seed(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
        spareGaussian = Double.NaN;
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [low, high), as NumPy's {@code uniform(low, high)}. */
    public double uniform(double low, double high) { return low + (high - low) * nextDouble(); }

    /** Uniform integer in [0, bound), unbiased (Lemire's method). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal (Marsaglia's polar method; the spare value is part of the state). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        return u * f;
    }

    /** A new stream, independent of this one for all practical purposes, advancing this one by one draw. */
    public Rng split() { return new Rng(nextLong()); }

    /** The whole state, for checkpoints: {@code [s0, s1, s2, s3, bits of the spare gaussian]}. */
    public long[] state() { return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareGaussian)}; }

    public void setState(long[] state) {
        if (state.length != 5) throw new IllegalArgumentException("Rng state has 5 longs, got " + state.length);
        if ((state[0] | state[1] | state[2] | state[3]) == 0)
            throw new IllegalArgumentException("Rng state of all zeros is invalid");
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        spareGaussian = Double.longBitsToDouble(state[4]);
    }

    /** A seed from the clock and a counter, for envs reset without one (Gymnasium draws OS entropy). */
    public static long entropySeed() { return System.nanoTime() ^ splitMix(COUNTER.incrementAndGet()); }

    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();
}
