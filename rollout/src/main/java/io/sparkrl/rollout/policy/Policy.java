package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Rng;

/**
 * Chooses actions from float32 observations, one copy or a batch at a time. A policy for a Discrete action
 * space overrides {@link #actDiscrete}; one for a Box action space overrides {@link #actContinuous}. The batch
 * methods loop by default; learned policies override them to run one batched network call.
 *
 * <p>Policies may keep per-copy state (a scripted bot's phase); {@link #episodeStart(int)} tells them copy
 * {@code slot} begins a new episode.
 */
public interface Policy {

    /** A short name for the steps table and logs ("random", "bot", "ppo"...). */
    String name();

    /** Action for the observation {@code obs[off .. off+obsSize)}. */
    default int actDiscrete(float[] obs, int off, Rng rng) {
        throw new UnsupportedOperationException(name() + " does not act in Discrete action spaces");
    }

    /** Writes the action for {@code obs[off .. off+obsSize)} into {@code action[actOff .. actOff+actSize)}. */
    default void actContinuous(float[] obs, int off, Rng rng, float[] action, int actOff) {
        throw new UnsupportedOperationException(name() + " does not act in Box action spaces");
    }

    /** Batched {@link #actDiscrete}: {@code obs} holds {@code n} observations of {@code obsSize} floats. */
    default void actDiscrete(float[] obs, int n, int obsSize, Rng rng, int[] actions) {
        for (int i = 0; i < n; i++) actions[i] = actDiscrete(obs, i * obsSize, rng);
    }

    /** Batched {@link #actContinuous}. */
    default void actContinuous(float[] obs, int n, int obsSize, Rng rng, float[] actions, int actSize) {
        for (int i = 0; i < n; i++) actContinuous(obs, i * obsSize, rng, actions, i * actSize);
    }

    default void episodeStart(int slot) {}
}
