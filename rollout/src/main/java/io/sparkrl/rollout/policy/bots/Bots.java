package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.policy.Policy;
import java.util.Map;
import java.util.function.Supplier;

/** Scripted bots for the classic-control envs, by env id. */
public final class Bots {
    private static final Map<String, Supplier<Policy>> BOTS = Map.of(
            "CartPole-v1", CartPoleBot::new,
            "MountainCar-v0", () -> new MountainCarBot(1f),
            "MountainCarContinuous-v0", () -> new MountainCarBot(1f),
            "Acrobot-v1", AcrobotBot::new,
            "Pendulum-v1", PendulumBot::new);

    private Bots() {}

    public static Policy forEnv(String envId) {
        Supplier<Policy> bot = BOTS.get(envId);
        if (bot == null)
            throw new IllegalArgumentException("no scripted bot for env '" + envId + "'; bots exist for "
                    + String.join(", ", new java.util.TreeSet<>(BOTS.keySet())));
        return bot.get();
    }
}
