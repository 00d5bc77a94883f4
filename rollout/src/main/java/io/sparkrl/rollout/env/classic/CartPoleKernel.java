package io.sparkrl.rollout.env.classic;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/**
 * CartPole-v1 (Gymnasium 1.4, Euler integrator). State {@code [x, x_dot, theta, theta_dot]}, float64.
 * The arithmetic keeps Gymnasium's operation order so results are bit-exact where sin/cos agree with glibc;
 * sin/cos come from {@link Trig}, the speed-critical part of the step.
 */
public final class CartPoleKernel extends ClassicKernel {
    private static final double GRAVITY = 9.8;
    private static final double MASSCART = 1.0;
    private static final double MASSPOLE = 0.1;
    private static final double TOTAL_MASS = MASSPOLE + MASSCART;
    private static final double LENGTH = 0.5;
    private static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    private static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    private static final double X_THRESHOLD = 2.4;

    public CartPoleKernel() {
        super(new EnvSpec("CartPole-v1", 500, 475.0), 4, observationBox(), new Space.Discrete(2));
    }

    private static Space.Box observationBox() {
        float[] high = {(float) (X_THRESHOLD * 2), Float.MAX_VALUE, (float) (THETA_THRESHOLD * 2), Float.MAX_VALUE};
        float[] low = new float[4];
        for (int i = 0; i < 4; i++) low[i] = -high[i];
        return new Space.Box(low, high, new int[] {4});
    }

    @Override public void reset(Rng rng, double[] s, int off) {
        for (int i = 0; i < 4; i++) s[off + i] = rng.uniform(-0.05, 0.05);
    }

    @Override public void observe(double[] s, int off, float[] obs, int obsOff) {
        for (int i = 0; i < 4; i++) obs[obsOff + i] = (float) s[off + i];
    }

    @Override public double step(double[] s, int off, float action) {
        double x = s[off], xDot = s[off + 1], theta = s[off + 2], thetaDot = s[off + 3];
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Trig.cos(theta);
        double sin = Trig.sin(theta);
        double temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (LENGTH * (4.0 / 3.0 - MASSPOLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        s[off] = x + TAU * xDot;
        s[off + 1] = xDot + TAU * xAcc;
        s[off + 2] = theta + TAU * thetaDot;
        s[off + 3] = thetaDot + TAU * thetaAcc;
        return 1.0;
    }

    @Override public boolean terminated(double[] s, int off) {
        double x = s[off], theta = s[off + 2];
        return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
    }
}
