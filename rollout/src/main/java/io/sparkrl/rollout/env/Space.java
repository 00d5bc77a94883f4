package io.sparkrl.rollout.env;

import java.io.Serializable;
import java.util.Arrays;

/** Gymnasium's spaces: what an observation or action may be. */
public sealed interface Space extends Serializable permits Space.Discrete, Space.Box {

    /** Number of scalars in one flat sample (1 for Discrete). */
    int flatSize();

    /** {@code Discrete(n)}: the integers {@code 0 .. n-1}. */
    record Discrete(int n) implements Space {
        public Discrete {
            if (n <= 0) throw new IllegalArgumentException("Discrete(n) needs n > 0, got " + n);
        }

        @Override public int flatSize() { return 1; }

        public boolean contains(int a) { return a >= 0 && a < n; }

        @Override public String toString() { return "Discrete(" + n + ")"; }
    }

    /** {@code Box(low, high, shape, float32)}: a float32 tensor, row-major, with per-element bounds. */
    record Box(float[] low, float[] high, int[] shape) implements Space {
        public Box {
            int size = 1;
            for (int d : shape) size *= d;
            if (low.length != size || high.length != size)
                throw new IllegalArgumentException("Box bounds must have " + size + " elements");
        }

        /** A flat Box with the same bound on every element. */
        public static Box uniform(float low, float high, int size) {
            float[] lo = new float[size], hi = new float[size];
            Arrays.fill(lo, low);
            Arrays.fill(hi, high);
            return new Box(lo, hi, new int[] {size});
        }

        @Override public int flatSize() { return low.length; }

        @Override public boolean equals(Object o) {
            return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high)
                    && Arrays.equals(shape, b.shape);
        }

        @Override public int hashCode() {
            return 31 * (31 * Arrays.hashCode(low) + Arrays.hashCode(high)) + Arrays.hashCode(shape);
        }

        /** As Gymnasium's repr: a bound that is the same for every element is printed once (MinAtar's has 1000). */
        @Override public String toString() {
            return "Box(" + bound(low) + ", " + bound(high) + ", " + Arrays.toString(shape) + ", float32)";
        }

        private static String bound(float[] b) {
            for (float v : b) if (Float.compare(v, b[0]) != 0) return Arrays.toString(b);
            return String.valueOf(b[0]);
        }
    }
}
