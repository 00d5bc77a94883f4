package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.bots.Bot;
import io.sparkrl.rollout.policy.bots.Bots;

/** The policies a command line can name without a trained model. */
public final class Policies {
    private Policies() {}

    public static final String RANDOM = "random";
    public static final String BOT = "bot";

    /**
     * The policy {@code name} playing {@code env}: {@code random} (uniform over the action space), {@code bot} (the
     * env's default scripted bot), a bot's name or a {@link Bot} class name ({@link Bots#find}).
     */
    public static Policy byName(String name, Env<float[]> env) {
        if (name.equals(RANDOM)) return new RandomPolicy(env.actionSpace());
        return bot(name, env.spec().id()).policy(env);
    }

    /**
     * {@link #byName(String, Env)} without an env instance: only bots that read nothing but observations
     * ({@link io.sparkrl.rollout.policy.bots.ObservationBot}) can be built this way.
     */
    public static Policy byName(String name, String envId, Space actionSpace) {
        if (name.equals(RANDOM)) return new RandomPolicy(actionSpace);
        return Bots.observationPolicy(bot(name, envId), envId);
    }

    private static Bot bot(String name, String envId) {
        return name.equals(BOT) ? Bots.defaultBot(envId) : Bots.find(envId, name);
    }
}
