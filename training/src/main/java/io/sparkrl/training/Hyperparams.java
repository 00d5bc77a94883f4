package io.sparkrl.training;

import java.io.Serializable;

/**
 * An algorithm's hyper-parameters, as stored in a run's config.json. The train loop needs only the shape of an
 * iteration: {@code n_envs} env copies each stepping {@code numSteps()} times (n_steps on-policy, train_freq
 * off-policy), until {@code n_timesteps}.
 */
public interface Hyperparams extends Serializable {
    int numEnvs();

    int numSteps();

    long totalTimesteps();

    /** These hyper-parameters with the JSON object {@code overrides} (same field names) applied on top. */
    Hyperparams with(String overrides);

    String toJson();
}
