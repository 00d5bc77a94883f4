package io.sparkrl.rollout.env.classic;

/**
 * sin and cos equal to {@link StrictMath}'s (fdlibm) everywhere, but several times faster than {@link Math}'s
 * intrinsics for |x| ≤ pi/4, where fdlibm evaluates its kernel polynomials directly with no range reduction:
 * CartPole's pole angle never leaves that range, and its trig dominates the step cost. Outside it we call
 * StrictMath. (Math and StrictMath both differ from glibc, which Gymnasium uses, in the last bit for a few
 * percent of arguments at most; the golden tolerances are far wider.)
 */
final class Trig {
    private static final double PI_4 = Math.PI / 4;
    private static final double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
            S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08,
            S6 = 1.58969099521155010221e-10;
    private static final double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
            C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09,
            C6 = -1.13596475577881948265e-11;

    private Trig() {}

    /** Below this magnitude fdlibm returns {@code x} (sin) or 1 (cos) without its polynomials. */
    private static final double TINY = 0x1p-27;
    /** Up to (excluding) this magnitude fdlibm's cos needs no extra-precision split. */
    private static final double SPLIT = 0.3;

    static double sin(double x) {
        double ax = Math.abs(x);
        if (!(ax <= PI_4) || ax < TINY) return StrictMath.sin(x);
        return sinPoly(x);
    }

    static double cos(double x) {
        double ax = Math.abs(x);
        if (!(ax <= PI_4) || ax < TINY) return StrictMath.cos(x);
        double z = x * x;
        double r = cosR(z);
        if (ax < SPLIT) return 1.0 - (0.5 * z - z * r);
        // fdlibm's extra-precision split for 0.3 <= |x| <= pi/4: qx = |x|/4 with its low word cleared.
        double qx = ax > 0.78125 ? 0.28125
                : Double.longBitsToDouble((Double.doubleToRawLongBits(ax) - 0x0020000000000000L) & 0xFFFFFFFF00000000L);
        double hz = 0.5 * z - qx;
        double a = 1.0 - qx;
        return a - (hz - z * r);
    }

    /**
     * Whether {@link #sinPoly} and {@link #cosPoly} equal {@link #sin} and {@link #cos} (so StrictMath's) at
     * {@code x}: 2^-27 ≤ |x| < 0.3. False for NaN.
     */
    static boolean polyExact(double x) {
        double ax = Math.abs(x);
        return ax >= TINY && ax < SPLIT;
    }

    /**
     * fdlibm's sin polynomial with no range test, branch-free so that loops over arrays of angles vectorise;
     * equal to {@link #sin} where {@link #polyExact}.
     */
    static double sinPoly(double x) {
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        return x + v * (S1 + z * r);
    }

    /** fdlibm's cos polynomial with no range test or split; equal to {@link #cos} where {@link #polyExact}. */
    static double cosPoly(double x) {
        double z = x * x;
        return 1.0 - (0.5 * z - z * cosR(z));
    }

    private static double cosR(double z) {
        return z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    }
}
