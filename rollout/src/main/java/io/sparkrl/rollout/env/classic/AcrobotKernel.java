package io.sparkrl.rollout.env.classic;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/**
 * Acrobot-v1 (Gymnasium 1.4): "book" dynamics, one RK4 step of dt = 0.2, no torque noise, angles wrapped into
 * [-pi, pi] and velocities bounded. State {@code [theta1, theta2, dtheta1, dtheta2]}; obs
 * {@code [cos t1, sin t1, cos t2, sin t2, dt1, dt2]}.
 */
public final class AcrobotKernel extends ClassicKernel {
    private static final double DT = 0.2;
    private static final double MAX_VEL_1 = 4 * Math.PI;
    private static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] TORQUES = {-1.0, 0.0, 1.0};
    private static final double M1 = 1.0, M2 = 1.0, L1 = 1.0, LC1 = 0.5, LC2 = 0.5, I1 = 1.0, I2 = 1.0, G = 9.8;

    public AcrobotKernel() {
        super(new EnvSpec("Acrobot-v1", 500, -100.0), 4, observationBox(), new Space.Discrete(3));
    }

    private static Space.Box observationBox() {
        float[] high = {1f, 1f, 1f, 1f, (float) MAX_VEL_1, (float) MAX_VEL_2};
        float[] low = new float[6];
        for (int i = 0; i < 6; i++) low[i] = -high[i];
        return new Space.Box(low, high, new int[] {6});
    }

    /** Gymnasium draws U(-0.1, 0.1) and casts the state to float32. */
    @Override public void reset(Rng rng, double[] s, int off) {
        for (int i = 0; i < 4; i++) s[off + i] = (float) rng.uniform(-0.1, 0.1);
    }

    @Override public void observe(double[] s, int off, float[] obs, int obsOff) {
        obs[obsOff] = (float) Math.cos(s[off]);
        obs[obsOff + 1] = (float) Math.sin(s[off]);
        obs[obsOff + 2] = (float) Math.cos(s[off + 1]);
        obs[obsOff + 3] = (float) Math.sin(s[off + 1]);
        obs[obsOff + 4] = (float) s[off + 2];
        obs[obsOff + 5] = (float) s[off + 3];
    }

    @Override public double step(double[] s, int off, float action) {
        double torque = TORQUES[(int) action];
        double[] y0 = {s[off], s[off + 1], s[off + 2], s[off + 3]};
        double[] k1 = new double[4], k2 = new double[4], k3 = new double[4], k4 = new double[4];
        double[] y = new double[4];
        double h = DT / 2.0;
        derivatives(y0, torque, k1);
        for (int i = 0; i < 4; i++) y[i] = y0[i] + h * k1[i];
        derivatives(y, torque, k2);
        for (int i = 0; i < 4; i++) y[i] = y0[i] + h * k2[i];
        derivatives(y, torque, k3);
        for (int i = 0; i < 4; i++) y[i] = y0[i] + DT * k3[i];
        derivatives(y, torque, k4);
        for (int i = 0; i < 4; i++) y[i] = y0[i] + DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        s[off] = wrap(y[0]);
        s[off + 1] = wrap(y[1]);
        s[off + 2] = Math.min(Math.max(y[2], -MAX_VEL_1), MAX_VEL_1);
        s[off + 3] = Math.min(Math.max(y[3], -MAX_VEL_2), MAX_VEL_2);
        return terminated(s, off) ? 0.0 : -1.0;
    }

    @Override public boolean terminated(double[] s, int off) {
        return -Math.cos(s[off]) - Math.cos(s[off + 1] + s[off]) > 1.0;
    }

    /** Gymnasium's {@code _dsdt}, "book" variant: writes (dtheta1, dtheta2, ddtheta1, ddtheta2) into {@code out}. */
    private static void derivatives(double[] y, double a, double[] out) {
        double theta1 = y[0], theta2 = y[1], dtheta1 = y[2], dtheta2 = y[3];
        double d1 = M1 * (LC1 * LC1) + M2 * (L1 * L1 + LC2 * LC2 + 2 * L1 * LC2 * Math.cos(theta2)) + I1 + I2;
        double d2 = M2 * (LC2 * LC2 + L1 * LC2 * Math.cos(theta2)) + I2;
        double phi2 = M2 * LC2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -M2 * L1 * LC2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                - 2 * M2 * L1 * LC2 * dtheta2 * dtheta1 * Math.sin(theta2)
                + (M1 * LC1 + M2 * L1) * G * Math.cos(theta1 - Math.PI / 2) + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - M2 * L1 * LC2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2)
                / (M2 * (LC2 * LC2) + I2 - (d2 * d2) / d1);
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = -(d2 * ddtheta2 + phi1) / d1;
        out[3] = ddtheta2;
    }

    /** Gymnasium's {@code wrap} into [-pi, pi] (while-loops, so values on the boundary stay). */
    private static double wrap(double x) {
        double diff = 2 * Math.PI;
        while (x > Math.PI) x -= diff;
        while (x < -Math.PI) x += diff;
        return x;
    }
}
