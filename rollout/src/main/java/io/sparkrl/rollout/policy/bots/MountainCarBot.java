package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.Policy;

/**
 * Energy pumping for both mountain cars: push in the direction of motion, so every swing adds energy until
 * the car clears the right hill. Discrete: action 2 (right) or 0 (left); continuous: a force of +-magnitude.
 */
public final class MountainCarBot implements Policy {
    private final float magnitude;

    public MountainCarBot(float magnitude) { this.magnitude = magnitude; }

    public static final String NAME = "energy-pumping";

    @Override public String name() { return NAME; }

    @Override public int actDiscrete(float[] obs, int off, Rng rng) { return obs[off + 1] >= 0 ? 2 : 0; }

    @Override public void actContinuous(float[] obs, int off, Rng rng, float[] action, int actOff) {
        action[actOff] = obs[off + 1] >= 0 ? magnitude : -magnitude;
    }
}
