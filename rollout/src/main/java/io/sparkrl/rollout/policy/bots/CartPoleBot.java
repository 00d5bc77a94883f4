package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.Policy;

/**
 * Balances CartPole with a linear state-feedback rule: push toward the side the pole falls to, with small
 * cart position and velocity terms so the cart does not drift off the track over 500 steps.
 */
public final class CartPoleBot implements Policy {
    public static final String NAME = "cartpole-balance";

    @Override public String name() { return NAME; }

    @Override public int actDiscrete(float[] obs, int off, Rng rng) {
        float x = obs[off], xDot = obs[off + 1], theta = obs[off + 2], thetaDot = obs[off + 3];
        return theta + 0.5f * thetaDot + 0.05f * x + 0.1f * xDot > 0 ? 1 : 0;
    }
}
