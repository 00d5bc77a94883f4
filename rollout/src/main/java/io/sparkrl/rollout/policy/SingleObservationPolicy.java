package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/** A learned {@link BatchPolicy} acting on one observation at a time, for playing and recording single envs. */
public final class SingleObservationPolicy implements Policy {
    private final String name;
    private final BatchPolicy policy;
    private final boolean deterministic;
    private final float[] observation;
    private final ActionBatch out;

    public SingleObservationPolicy(String name, BatchPolicy policy, Space observationSpace, Space actionSpace,
                                   boolean deterministic) {
        this.name = name;
        this.policy = policy;
        this.deterministic = deterministic;
        this.observation = new float[observationSpace.flatSize()];
        this.out = new ActionBatch(1, actionSpace);
    }

    @Override public String name() { return name; }

    @Override public int actDiscrete(float[] obs, int off, Rng rng) {
        act(obs, off, rng);
        return out.discrete[0];
    }

    @Override public void actContinuous(float[] obs, int off, Rng rng, float[] action, int actOff) {
        act(obs, off, rng);
        System.arraycopy(out.continuous, 0, action, actOff, out.actSize);
    }

    private void act(float[] obs, int off, Rng rng) {
        System.arraycopy(obs, off, observation, 0, observation.length);
        policy.act(observation, 1, rng, deterministic, out);
    }
}
