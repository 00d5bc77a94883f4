package io.sparkrl.training.onpolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.storage.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * Hyper-parameters of the on-policy learners, named as in SB3 / rl-zoo. Per-env defaults live in
 * {@code hyperparams/<algo>.json} on the classpath: a {@code "defaults"} object and one object per env id whose
 * fields override it. Schedules are {@code "constant"} or {@code "linear"} (from the value down to 0 at
 * {@code n_timesteps}). {@code clip_range_vf} null means no value clipping; with Pop-Art it is in normalised units.
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
        @JsonProperty("optimizer") String optimizer,
        @JsonProperty("optimizer_eps") double optimizerEps) implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public OnPolicyConfig {
        for (String schedule : new String[] {learningRateSchedule, clipRangeSchedule})
            if (!"constant".equals(schedule) && !"linear".equals(schedule))
                throw new BadInputException("unknown schedule '" + schedule + "': use constant or linear");
        if (numEnvs <= 0 || numSteps <= 0 || epochs <= 0 || minibatchSize <= 0 || totalTimesteps <= 0)
            throw new BadInputException("n_envs, n_steps, n_epochs, batch_size and n_timesteps must be positive");
    }

    /** The defaults of {@code algo} ("ppo", "a2c", "reinforce") for {@code envId}, overridden by the env's entry if any. */
    public static OnPolicyConfig forEnv(String algo, String envId) {
        String resource = "/hyperparams/" + algo + ".json";
        try (InputStream in = OnPolicyConfig.class.getResourceAsStream(resource)) {
            if (in == null) throw new BadInputException("unknown algorithm '" + algo + "': use ppo, a2c or reinforce");
            JsonNode all = JSON.readTree(in);
            ObjectNode merged = ((ObjectNode) all.get("defaults")).deepCopy();
            if (all.has(envId)) merged.setAll((ObjectNode) all.get(envId));
            return JSON.treeToValue(merged, OnPolicyConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** This config with the JSON object {@code overrides} (same field names) applied on top. */
    public OnPolicyConfig with(String overrides) {
        try {
            ObjectNode merged = JSON.valueToTree(this);
            merged.setAll((ObjectNode) JSON.readTree(overrides));
            return JSON.treeToValue(merged, OnPolicyConfig.class);
        } catch (IOException | ClassCastException e) {
            throw new BadInputException("bad hyper-parameter overrides " + overrides + ": " + e.getMessage());
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OnPolicyConfig fromJson(String json) {
        try {
            return JSON.readValue(json, OnPolicyConfig.class);
        } catch (IOException e) {
            throw new BadInputException("bad hyper-parameters " + json + ": " + e.getMessage());
        }
    }

    /** {@code value} under {@code schedule} with {@code progressRemaining} going from 1 to 0 over training. */
    static double scheduled(double value, String schedule, double progressRemaining) {
        return "linear".equals(schedule) ? value * progressRemaining : value;
    }
}
