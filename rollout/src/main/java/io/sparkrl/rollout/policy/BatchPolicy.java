package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Rng;

/**
 * A learned policy acting on a batch of observations at once (one network call), reporting with each action
 * what on-policy learners store: the log-probability of the action and the critic's value estimate.
 * Implementations live in {@code training/}; this module only drives them.
 */
public interface BatchPolicy {

    /**
     * Chooses actions for the {@code n} observations {@code obs[i*obsSize .. (i+1)*obsSize)}. Fills
     * {@code out.discrete[i]} (Discrete action spaces) or {@code out.continuous[i*actSize ..]} (Box: the
     * sampled action before any clipping by the env), {@code out.logProb[i]} and {@code out.value[i]}
     * (NaN where the policy has no critic). {@code deterministic} picks the mode instead of sampling.
     */
    void act(float[] obs, int n, Rng rng, boolean deterministic, ActionBatch out);

    /** The critic's value of each of the {@code n} observations (to bootstrap episodes cut by a time limit). */
    void values(float[] obs, int n, float[] out);
}
