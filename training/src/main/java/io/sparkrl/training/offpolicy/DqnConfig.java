package io.sparkrl.training.offpolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Hyperparams;
import io.sparkrl.training.HyperparamsJson;
import io.sparkrl.training.ImageInputs;
import io.sparkrl.training.Schedules;

/**
 * Hyper-parameters of DQN and its extensions, named as SB3 / rl-zoo where they exist. Per-env defaults live in
 * {@code hyperparams/dqn.json}. An iteration collects {@code train_freq} steps from each of {@code n_envs} envs,
 * then takes {@code gradient_steps} gradient steps (-1: one per env step collected), so the update-to-data ratio is
 * fixed. {@code target_update_interval} counts env steps; every time that many pass, the target network moves
 * {@code tau} of the way to the online one (1: a hard copy). The extensions are switches: {@code double_q},
 * {@code dueling}, {@code n_step} (n-step returns), {@code noisy} (noisy layers instead of epsilon-greedy: epsilon
 * is then 0), {@code prioritized} (proportional prioritised replay, beta annealed from {@code prioritized_beta0}
 * to 1 over training); {@code pop_art} and {@code normalize_reward} as for the on-policy learners. Image
 * observations (a {@code [C, H, W]} Box) go through the {@code conv} layers ({@code [filters, kernel, stride]} each)
 * before the {@code hidden} ones; flat observations ignore {@code conv}.
 */
public record DqnConfig(
        @JsonProperty("n_envs") int numEnvs,
        @JsonProperty("n_timesteps") long totalTimesteps,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("lr_schedule") String learningRateSchedule,
        @JsonProperty("buffer_size") long bufferSize,
        @JsonProperty("learning_starts") long learningStarts,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("tau") double tau,
        @JsonProperty("gamma") double gamma,
        @JsonProperty("train_freq") int trainFreq,
        @JsonProperty("gradient_steps") int gradientSteps,
        @JsonProperty("target_update_interval") long targetUpdateInterval,
        @JsonProperty("exploration_fraction") double explorationFraction,
        @JsonProperty("exploration_initial_eps") double explorationInitialEps,
        @JsonProperty("exploration_final_eps") double explorationFinalEps,
        @JsonProperty("max_grad_norm") double maxGradNorm,
        @JsonProperty("optimizer") String optimizer,
        @JsonProperty("optimizer_eps") double optimizerEps,
        @JsonProperty("hidden") int[] hidden,
        @JsonProperty("conv") int[][] conv,
        @JsonProperty("double_q") boolean doubleQ,
        @JsonProperty("dueling") boolean dueling,
        @JsonProperty("n_step") int nStep,
        @JsonProperty("noisy") boolean noisy,
        @JsonProperty("noisy_sigma0") double noisySigma0,
        @JsonProperty("prioritized") boolean prioritized,
        @JsonProperty("prioritized_alpha") double prioritizedAlpha,
        @JsonProperty("prioritized_beta0") double prioritizedBeta0,
        @JsonProperty("prioritized_eps") double prioritizedEps,
        @JsonProperty("pop_art") boolean popArt,
        @JsonProperty("pop_art_beta") double popArtBeta,
        @JsonProperty("normalize_reward") boolean normalizeReward) implements Hyperparams {

    public DqnConfig {
        Schedules.check(learningRateSchedule);
        if (numEnvs <= 0 || trainFreq <= 0 || batchSize <= 0 || totalTimesteps <= 0 || bufferSize <= 0
                || targetUpdateInterval <= 0 || nStep <= 0)
            throw new BadInputException("n_envs, train_freq, batch_size, n_timesteps, buffer_size, "
                    + "target_update_interval and n_step must be positive");
        ImageInputs.checkConv(conv);
        if (gradientSteps < -1) throw new BadInputException("gradient_steps must be -1 (one per env step) or >= 0, got " + gradientSteps);
        if (!(tau > 0 && tau <= 1)) throw new BadInputException("tau must be in (0, 1], got " + tau);
        if (!(explorationFraction > 0 && explorationFraction <= 1))
            throw new BadInputException("exploration_fraction must be in (0, 1], got " + explorationFraction);
    }

    public static DqnConfig forEnv(String envId) { return HyperparamsJson.forEnv(DqnConfig.class, "dqn", envId); }

    @Override public int numSteps() { return trainFreq; }

    /** Gradient steps per iteration. */
    public int gradientStepsPerIteration() { return gradientSteps >= 0 ? gradientSteps : trainFreq * numEnvs; }

    @Override public DqnConfig with(String overrides) { return HyperparamsJson.with(this, overrides, DqnConfig.class); }

    @Override public String toJson() { return HyperparamsJson.toJson(this); }

    /** Reads stored hyper-parameters; runs from before {@code conv} existed had flat observations only. */
    public static DqnConfig fromJson(String json) { return HyperparamsJson.fromJson(json, DqnConfig.class, "{\"conv\": []}"); }
}
