package io.sparkrl.rollout.env.classic;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/**
 * Pendulum-v1 (Gymnasium 1.4). State {@code [theta, theta_dot]} in float64 (theta not wrapped); obs
 * {@code [cos theta, sin theta, theta_dot]}. The clipped torque stays float32, as in Gymnasium, which makes the
 * torque cost a float32 product.
 */
public final class PendulumKernel extends ClassicKernel {
    private static final double MAX_SPEED = 8;
    private static final float MAX_TORQUE = 2.0f;
    private static final double DT = 0.05;
    private static final double G = 10.0, M = 1.0, L = 1.0;

    public PendulumKernel() {
        super(new EnvSpec("Pendulum-v1", 200, Double.NaN), 2,
                new Space.Box(new float[] {-1f, -1f, (float) -MAX_SPEED}, new float[] {1f, 1f, (float) MAX_SPEED},
                        new int[] {3}),
                Space.Box.uniform(-MAX_TORQUE, MAX_TORQUE, 1));
    }

    @Override public void reset(Rng rng, double[] s, int off) {
        s[off] = rng.uniform(-Math.PI, Math.PI);
        s[off + 1] = rng.uniform(-1.0, 1.0);
    }

    @Override public void observe(double[] s, int off, float[] obs, int obsOff) {
        obs[obsOff] = (float) Math.cos(s[off]);
        obs[obsOff + 1] = (float) Math.sin(s[off]);
        obs[obsOff + 2] = (float) s[off + 1];
    }

    @Override public double step(double[] s, int off, float action) {
        double th = s[off], thDot = s[off + 1];
        float u = Math.min(Math.max(action, -MAX_TORQUE), MAX_TORQUE);
        double normalized = angleNormalize(th);
        double cost = normalized * normalized + 0.1 * (thDot * thDot) + 0.001f * (u * u);
        float torqueTerm = (float) (3.0 / (M * L * L)) * u;
        double newThDot = thDot + (3 * G / (2 * L) * Math.sin(th) + torqueTerm) * DT;
        newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
        s[off] = th + newThDot * DT;
        s[off + 1] = newThDot;
        return -cost;
    }

    @Override public boolean terminated(double[] s, int off) { return false; }

    /** {@code ((x + pi) mod 2pi) - pi} with Python's floor modulo (the result takes the divisor's sign). */
    static double angleNormalize(double x) {
        double r = (x + Math.PI) % (2 * Math.PI);
        if (r < 0) r += 2 * Math.PI;
        return r - Math.PI;
    }
}
