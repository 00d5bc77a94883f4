package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/**
 * A policy with epsilon-noise: with probability {@code epsilon} a uniformly random action instead of the inner
 * policy's (which still sees every observation, so a stateful bot keeps its phase). Recorded bot data then covers
 * states the bot alone never visits, which offline learners need.
 */
public final class EpsilonNoise implements Policy {
    private final Policy inner;
    private final RandomPolicy random;
    private final double epsilon;

    public EpsilonNoise(Policy inner, Space actionSpace, double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("--epsilon must be in [0, 1], got " + epsilon);
        this.inner = inner;
        this.random = new RandomPolicy(actionSpace);
        this.epsilon = epsilon;
    }

    @Override public String name() { return epsilon == 0 ? inner.name() : inner.name() + "+eps" + epsilon; }

    @Override public int actDiscrete(float[] obs, int off, Rng rng) {
        int action = inner.actDiscrete(obs, off, rng);
        return rng.nextDouble() < epsilon ? random.actDiscrete(obs, off, rng) : action;
    }

    @Override public void actContinuous(float[] obs, int off, Rng rng, float[] action, int actOff) {
        inner.actContinuous(obs, off, rng, action, actOff);
        if (rng.nextDouble() < epsilon) random.actContinuous(obs, off, rng, action, actOff);
    }

    @Override public void episodeStart(int slot) { inner.episodeStart(slot); }
}
