package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.bots.Bots;

/** The policies a command line can name without a trained model. */
public final class Policies {
    private Policies() {}

    public static final String RANDOM = "random";
    public static final String BOT = "bot";

    /** {@code random} (uniform over the action space) or {@code bot} (the env's scripted controller). */
    public static Policy byName(String name, String envId, Space actionSpace) {
        return switch (name) {
            case RANDOM -> new RandomPolicy(actionSpace);
            case BOT -> Bots.forEnv(envId);
            default -> throw new IllegalArgumentException("unknown --policy '" + name + "': use random or bot");
        };
    }
}
