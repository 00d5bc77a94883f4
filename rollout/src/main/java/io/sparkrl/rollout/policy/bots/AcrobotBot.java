package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.Policy;

/** Energy pumping for Acrobot: torque the second joint in the direction it already turns (obs[5] = dtheta2). */
public final class AcrobotBot implements Policy {
    public static final String NAME = "energy-pumping";

    @Override public String name() { return NAME; }

    @Override public int actDiscrete(float[] obs, int off, Rng rng) { return obs[off + 5] >= 0 ? 2 : 0; }
}
