package io.sparkrl.rollout.env.classic;

import static io.sparkrl.rollout.env.classic.MountainCarKernel.MAX_POSITION;
import static io.sparkrl.rollout.env.classic.MountainCarKernel.MAX_SPEED;
import static io.sparkrl.rollout.env.classic.MountainCarKernel.MIN_POSITION;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/**
 * MountainCarContinuous-v0 (Gymnasium 1.4 under NumPy 2 promotion rules). Gymnasium stores the state as float32
 * after every step but as float64 after reset, and the step's arithmetic follows the state's precision; we tell
 * the two apart by whether both state values are float32 numbers (a float64 reset state almost never is).
 */
public final class MountainCarContinuousKernel extends ClassicKernel {
    private static final double GOAL_POSITION = 0.45;
    private static final double POWER = 0.0015;
    private static final float POWER_F32 = (float) POWER;

    public MountainCarContinuousKernel() {
        super(new EnvSpec("MountainCarContinuous-v0", 999, 90.0), 2, MountainCarKernel.observationBox(),
                Space.Box.uniform(-1f, 1f, 1));
    }

    @Override public void reset(Rng rng, double[] s, int off) { MountainCarKernel.resetValley(rng, s, off); }

    @Override public void observe(double[] s, int off, float[] obs, int obsOff) {
        obs[obsOff] = (float) s[off];
        obs[obsOff + 1] = (float) s[off + 1];
    }

    @Override public double step(double[] s, int off, float action) {
        double p = s[off], v = s[off + 1];
        boolean f32 = isFloat32(p) && isFloat32(v);
        // cos(3p): 3p is a float32 product when p is float32 (p * 3 is exact in double, then rounded once).
        double g = 0.0025 * Math.cos(round(3 * p, f32));
        double x;
        if (action >= -1f && action <= 1f) {
            x = (float) (action * POWER_F32 - (float) g);
        } else {
            // Clipped action: Python floats, so the increment is float64.
            x = Math.copySign(1.0, action) * POWER - g;
        }
        v = round(v + round(x, f32), f32);
        if (v > round(MAX_SPEED, f32)) v = MAX_SPEED;
        if (v < round(-MAX_SPEED, f32)) v = -MAX_SPEED;
        p = round(p + round(v, f32), f32);
        if (p > round(MAX_POSITION, f32)) p = MAX_POSITION;
        boolean atLeftWall = p < round(MIN_POSITION, f32) || p == round(MIN_POSITION, f32);
        if (p < round(MIN_POSITION, f32)) p = MIN_POSITION;
        if (atLeftWall && v < 0) v = 0;
        boolean goal = reachedGoal(p, v, f32);
        s[off] = (float) p;
        s[off + 1] = (float) v;
        return (goal ? 100.0 : 0.0) - Math.pow(action, 2) * 0.1;
    }

    @Override public boolean terminated(double[] s, int off) {
        return reachedGoal(s[off], s[off + 1], true);
    }

    /** The goal test compares float32 values with float32-rounded constants (a clamped p = 0.6 passes either way). */
    private static boolean reachedGoal(double p, double v, boolean f32) {
        return p >= round(GOAL_POSITION, f32) && v >= 0;
    }

    private static boolean isFloat32(double x) { return (float) x == x; }

    private static double round(double x, boolean f32) { return f32 ? (float) x : x; }
}
