package io.sparkrl.rollout.env;

import java.io.Serializable;

/**
 * The registered facts of an env id, as Gymnasium's {@code EnvSpec}: the id, the step limit the registry's
 * time-limit wrapper enforces (0 = none) and the return at which the task counts as solved (NaN = none).
 */
public record EnvSpec(String id, int maxEpisodeSteps, double rewardThreshold) implements Serializable {}
