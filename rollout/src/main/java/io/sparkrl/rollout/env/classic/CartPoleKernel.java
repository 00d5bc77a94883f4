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
    private static final double REWARD = 1.0;

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
        return stepState(s, off, force(action));
    }

    private static double force(float action) { return action == 1 ? FORCE_MAG : -FORCE_MAG; }

    /** One Euler step of the state {@code s[off .. off + 4)} under {@code force}, with exact trig at any angle. */
    private static double stepState(double[] s, int off, double force) {
        double x = s[off], xDot = s[off + 1], theta = s[off + 2], thetaDot = s[off + 3];
        double cos = Trig.cos(theta);
        double sin = Trig.sin(theta);
        double temp = temp(force, thetaDot, sin);
        double thetaAcc = thetaAcc(sin, cos, temp);
        s[off] = euler(x, xDot);
        s[off + 1] = euler(xDot, xAcc(temp, thetaAcc, cos));
        s[off + 2] = euler(theta, thetaDot);
        s[off + 3] = euler(thetaDot, thetaAcc);
        return REWARD;
    }

    // The dynamics, in Gymnasium's operation order, as small functions that the per-state step and the batch's
    // array loops both call (C2 inlines them).

    private static double temp(double force, double thetaDot, double sin) {
        return (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
    }

    private static double thetaAcc(double sin, double cos, double temp) {
        return (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASSPOLE * (cos * cos) / TOTAL_MASS));
    }

    private static double xAcc(double temp, double thetaAcc, double cos) {
        return temp - POLEMASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
    }

    private static double euler(double value, double derivative) { return value + TAU * derivative; }

    private static boolean terminated(double x, double theta) {
        // Gymnasium's x < -X_THRESHOLD or x > X_THRESHOLD (and the same for theta), also for NaN and -0.0.
        return Math.abs(x) > X_THRESHOLD || Math.abs(theta) > THETA_THRESHOLD;
    }

    @Override public boolean terminated(double[] s, int off) { return terminated(s[off], s[off + 2]); }

    @Override public ClassicBatch newBatch(int n) { return new Batch(this, n); }

    /**
     * The vector env's CartPole: the states structure-of-arrays, stepped by short branch-free loops over whole
     * arrays (one per intermediate value of {@link #stepState}, each small enough for C2 to unroll and
     * superword-vectorise) from the current arrays into the next ones; then a scan that redoes, with exact trig, the
     * rare copies whose angle was outside {@link Trig#polyExact} (so results equal the per-state step bit for bit);
     * then observations, termination and rewards, and current and next swap.
     */
    private static final class Batch extends ClassicBatch {
        private double[] x, xDot, theta, thetaDot;
        private double[] nextX, nextXDot, nextTheta, nextThetaDot;
        private final double[] force, sin, cos, temp, thetaAcc;
        /** One state in the per-state layout, for reset, the exact path and state access. */
        private final double[] one = new double[4];

        Batch(CartPoleKernel kernel, int n) {
            super(kernel, n);
            x = new double[n];
            xDot = new double[n];
            theta = new double[n];
            thetaDot = new double[n];
            nextX = new double[n];
            nextXDot = new double[n];
            nextTheta = new double[n];
            nextThetaDot = new double[n];
            force = new double[n];
            sin = new double[n];
            cos = new double[n];
            temp = new double[n];
            thetaAcc = new double[n];
        }

        @Override public void reset(int i, Rng rng) {
            kernel.reset(rng, one, 0);
            put(i, one);
        }

        @Override public void observe(int i, float[] obs, int obsOff) {
            obs[obsOff] = (float) x[i];
            obs[obsOff + 1] = (float) xDot[i];
            obs[obsOff + 2] = (float) theta[i];
            obs[obsOff + 3] = (float) thetaDot[i];
        }

        @Override public double[] state(int i) { return new double[] {x[i], xDot[i], theta[i], thetaDot[i]}; }

        @Override public void setState(int i, double[] s) {
            kernel.checkStateLength(s.length);
            put(i, s);
        }

        private void put(int i, double[] s) {
            x[i] = s[0];
            xDot[i] = s[1];
            theta[i] = s[2];
            thetaDot[i] = s[3];
        }

        @Override public void step(int[] actions, double[] rewards, boolean[] terminated, float[] obs) {
            double[] force = this.force;
            for (int i = 0; i < n; i++) force[i] = actions[i] == 1 ? FORCE_MAG : -FORCE_MAG;
            advance(rewards, terminated, obs);
        }

        @Override public void step(float[] actions, double[] rewards, boolean[] terminated, float[] obs) {
            double[] force = this.force;
            for (int i = 0; i < n; i++) force[i] = force(actions[i]);
            advance(rewards, terminated, obs);
        }

        private void advance(double[] rewards, boolean[] terminated, float[] obs) {
            int n = this.n;
            double[] x = this.x, xDot = this.xDot, theta = this.theta, thetaDot = this.thetaDot;
            double[] nextX = this.nextX, nextXDot = this.nextXDot, nextTheta = this.nextTheta,
                    nextThetaDot = this.nextThetaDot;
            double[] force = this.force, sin = this.sin, cos = this.cos, temp = this.temp, thetaAcc = this.thetaAcc;
            // C2 (JDK 17) vectorises these loops because each is small, stores into one array and indexes every
            // array by i alone; merging loops or blocking them with offset indices (tried) loses that.
            for (int i = 0; i < n; i++) sin[i] = Trig.sinPoly(theta[i]);
            for (int i = 0; i < n; i++) cos[i] = Trig.cosPoly(theta[i]);
            for (int i = 0; i < n; i++) temp[i] = temp(force[i], thetaDot[i], sin[i]);
            for (int i = 0; i < n; i++) thetaAcc[i] = thetaAcc(sin[i], cos[i], temp[i]);
            for (int i = 0; i < n; i++) nextX[i] = euler(x[i], xDot[i]);
            for (int i = 0; i < n; i++) nextXDot[i] = euler(xDot[i], xAcc(temp[i], thetaAcc[i], cos[i]));
            for (int i = 0; i < n; i++) nextTheta[i] = euler(theta[i], thetaDot[i]);
            for (int i = 0; i < n; i++) nextThetaDot[i] = euler(thetaDot[i], thetaAcc[i]);
            for (int i = 0; i < n; i++) if (!Trig.polyExact(theta[i])) exactStep(i);
            for (int i = 0; i < n; i++) {
                int o = 4 * i;
                obs[o] = (float) nextX[i];
                obs[o + 1] = (float) nextXDot[i];
                obs[o + 2] = (float) nextTheta[i];
                obs[o + 3] = (float) nextThetaDot[i];
            }
            for (int i = 0; i < n; i++) terminated[i] = terminated(nextX[i], nextTheta[i]);
            for (int i = 0; i < n; i++) rewards[i] = REWARD;
            this.x = nextX;
            this.xDot = nextXDot;
            this.theta = nextTheta;
            this.thetaDot = nextThetaDot;
            this.nextX = x;
            this.nextXDot = xDot;
            this.nextTheta = theta;
            this.nextThetaDot = thetaDot;
        }

        /** Copy {@code i}'s step by the per-state code, from the current arrays into the next ones. */
        private void exactStep(int i) {
            double[] s = one;
            s[0] = x[i];
            s[1] = xDot[i];
            s[2] = theta[i];
            s[3] = thetaDot[i];
            stepState(s, 0, force[i]);
            nextX[i] = s[0];
            nextXDot[i] = s[1];
            nextTheta[i] = s[2];
            nextThetaDot[i] = s[3];
        }
    }
}
