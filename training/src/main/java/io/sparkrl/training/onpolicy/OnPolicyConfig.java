package io.sparkrl.training.onpolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Hyperparams;
import io.sparkrl.training.HyperparamsJson;
import io.sparkrl.training.ImageInputs;
import io.sparkrl.training.Schedules;

/**
 * Hyper-parameters of the on-policy learners, named as in SB3 / rl-zoo. Per-env defaults live in
 * {@code hyperparams/<algo>.json} on the classpath: a {@code "defaults"} object and one object per env id whose
 * fields override it. Schedules are {@code "constant"} or {@code "linear"} (from the value down to 0 at
 * {@code n_timesteps}). {@code clip_range_vf} null means no value clipping; with Pop-Art it is in normalised units.
 * Image observations go through the shared {@code conv} torso ({@link ImageInputs}) before the {@code hidden} towers.
 * {@code network} (null by default) names an {@link ActorCriticTorso} class that replaces both.
 */
public record OnPolicyConfig(
        @JsonProperty("n_envs") int numEnvs,
        @JsonProperty("n_steps") int numSteps,
        @JsonProperty("n_timesteps") long totalTimesteps,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("lr_schedule") String learningRateSchedule,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("gae_lambda") double gaeLambda,
        @JsonProperty("n_epochs") int epochs,
        @JsonProperty("batch_size") int minibatchSize,
        @JsonProperty("clip_range") double clipRange,
        @JsonProperty("clip_range_schedule") String clipRangeSchedule,
        @JsonProperty("clip_range_vf") Double clipRangeVf,
        @JsonProperty("ent_coef") double entCoef,
        @JsonProperty("vf_coef") double vfCoef,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("normalize_advantage") boolean normalizeAdvantage,
        @JsonProperty("pop_art") boolean popArt,
        @JsonProperty("pop_art_beta") double popArtBeta,
        @JsonProperty("normalize_reward") boolean normalizeReward,
        @JsonProperty("baseline") boolean baseline,
        @JsonProperty("hidden") int[] hidden,
        @JsonProperty("conv") int[][] conv,
        @JsonProperty("network") String network,
        @JsonProperty("optimizer") String optimizer,
        @JsonProperty("optimizer_eps") double optimizerEps) implements Hyperparams {

    public OnPolicyConfig {
        Schedules.check(learningRateSchedule);
        Schedules.check(clipRangeSchedule);
        if (numEnvs <= 0 || numSteps <= 0 || epochs <= 0 || minibatchSize <= 0 || totalTimesteps <= 0)
            throw new BadInputException("n_envs, n_steps, n_epochs, batch_size and n_timesteps must be positive");
        ImageInputs.checkConv(conv);
    }

    /** The defaults of {@code algo} ("ppo", "a2c", "reinforce") for {@code envId}, overridden by the env's entry if any. */
    public static OnPolicyConfig forEnv(String algo, String envId) {
        return HyperparamsJson.forEnv(OnPolicyConfig.class, algo, envId);
    }

    @Override public OnPolicyConfig with(String overrides) { return HyperparamsJson.with(this, overrides, OnPolicyConfig.class); }

    @Override public String toJson() { return HyperparamsJson.toJson(this); }

    /** Reads stored hyper-parameters; runs from before {@code conv} and {@code network} existed had neither. */
    public static OnPolicyConfig fromJson(String json) {
        return HyperparamsJson.fromJson(json, OnPolicyConfig.class, "{\"conv\": [], \"network\": null}");
    }
}
