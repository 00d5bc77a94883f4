package io.sparkrl.training.offpolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Hyperparams;
import io.sparkrl.training.HyperparamsJson;

/**
 * Hyper-parameters of linear Q-learning on RBF features ({@code hyperparams/linear-q.json}): {@code n_steps} per env
 * copy per iteration, SGD step {@code learning_rate}, epsilon-greedy exploration decaying linearly over the first
 * {@code exploration_fraction} of training, and the random Fourier features: {@code rbf_components} per kernel width
 * in {@code rbf_gammas}.
 */
public record LinearQConfig(
        @JsonProperty("n_envs") int numEnvs,
        @JsonProperty("n_steps") int numSteps,
        @JsonProperty("n_timesteps") long totalTimesteps,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("exploration_fraction") double explorationFraction,
        @JsonProperty("exploration_initial_eps") double explorationInitialEps,
        @JsonProperty("exploration_final_eps") double explorationFinalEps,
        @JsonProperty("rbf_gammas") double[] rbfGammas,
        @JsonProperty("rbf_components") int rbfComponents) implements Hyperparams {

    public LinearQConfig {
        if (numEnvs <= 0 || numSteps <= 0 || totalTimesteps <= 0 || rbfComponents <= 0 || rbfGammas.length == 0)
            throw new BadInputException("n_envs, n_steps, n_timesteps, rbf_components and rbf_gammas must be positive / non-empty");
        if (!(explorationFraction > 0 && explorationFraction <= 1))
            throw new BadInputException("exploration_fraction must be in (0, 1], got " + explorationFraction);
    }

    public static LinearQConfig forEnv(String envId) { return HyperparamsJson.forEnv(LinearQConfig.class, "linear-q", envId); }

    @Override public LinearQConfig with(String overrides) { return HyperparamsJson.with(this, overrides, LinearQConfig.class); }

    @Override public String toJson() { return HyperparamsJson.toJson(this); }

    public static LinearQConfig fromJson(String json) { return HyperparamsJson.fromJson(json, LinearQConfig.class); }
}
