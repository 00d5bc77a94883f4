package io.sparkrl.rollout.env.classic;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/** MountainCar-v0 (Gymnasium 1.4). State {@code [position, velocity]}, float64 throughout. */
public final class MountainCarKernel extends ClassicKernel {
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;

    public MountainCarKernel() {
        super(new EnvSpec("MountainCar-v0", 200, -110.0), 2, observationBox(), new Space.Discrete(3));
    }

    static Space.Box observationBox() {
        return new Space.Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
                new float[] {(float) MAX_POSITION, (float) MAX_SPEED}, new int[] {2});
    }

    /** Both mountain cars start at rest somewhere in the valley. */
    static void resetValley(Rng rng, double[] s, int off) {
        s[off] = rng.uniform(-0.6, -0.4);
        s[off + 1] = 0.0;
    }

    @Override public void reset(Rng rng, double[] s, int off) { resetValley(rng, s, off); }

    @Override public void observe(double[] s, int off, float[] obs, int obsOff) {
        obs[obsOff] = (float) s[off];
        obs[obsOff + 1] = (float) s[off + 1];
    }

    @Override public double step(double[] s, int off, float action) {
        double p = s[off], v = s[off + 1];
        v += (action - 1) * FORCE + Math.cos(3 * p) * (-GRAVITY);
        v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
        p += v;
        p = Math.min(Math.max(p, MIN_POSITION), MAX_POSITION);
        if (p == MIN_POSITION && v < 0) v = 0;
        s[off] = p;
        s[off + 1] = v;
        return -1.0;
    }

    @Override public boolean terminated(double[] s, int off) {
        return s[off] >= GOAL_POSITION && s[off + 1] >= 0;
    }
}
