package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.UserClasses;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The scripted bots by (env id, name): the built-in ones and those users {@link #register}; a name with a dot is a
 * {@link Bot} class name instead. An env's default bot is the first registered for it, so built-in ones come first.
 * Thread-safe.
 */
public final class Bots {
    private static final List<Bot> BOTS = new CopyOnWriteArrayList<>();

    static {
        register(ObservationBot.of(CartPoleBot.NAME, Set.of("CartPole-v1"), id -> new CartPoleBot()));
        register(ObservationBot.of(MountainCarBot.NAME, Set.of("MountainCar-v0", "MountainCarContinuous-v0"),
                id -> new MountainCarBot(1f)));
        register(ObservationBot.of(AcrobotBot.NAME, Set.of("Acrobot-v1"), id -> new AcrobotBot()));
        register(ObservationBot.of(PendulumBot.NAME, Set.of("Pendulum-v1"), id -> new PendulumBot()));
        register(ObservationBot.of(BreakoutBot.NAME, MinAtarBot.ids("Breakout"), BreakoutBot::new));
        register(ObservationBot.of(FreewayBot.NAME, MinAtarBot.ids("Freeway"), FreewayBot::new));
        register(ObservationBot.of(AsterixBot.NAME, MinAtarBot.ids("Asterix"), AsterixBot::new));
        register(ObservationBot.of(SpaceInvadersBot.NAME, MinAtarBot.ids("SpaceInvaders"), SpaceInvadersBot::new));
        register(ObservationBot.of(SeaquestBot.NAME, MinAtarBot.ids("Seaquest"), SeaquestBot::new));
        register(new TetrisBot());
    }

    private Bots() {}

    /**
     * Adds {@code bot} for each env it plays (after the bots already there, so it becomes the default only of envs that
     * had none). Its name must be new for each of those envs, and not {@code random}, {@code bot} or a class name.
     */
    public static void register(Bot bot) {
        String name = bot.name();
        if (name == null || name.isBlank() || name.equals("random") || name.equals("bot") || name.contains("."))
            throw new IllegalArgumentException("bot name '" + name + "' is not allowed: use a name without dots, "
                    + "other than random and bot");
        if (bot.envIds().isEmpty()) throw new IllegalArgumentException("bot " + name + " plays no env");
        synchronized (BOTS) {
            for (String envId : bot.envIds())
                if (names(envId).contains(name))
                    throw new IllegalArgumentException("a bot named " + name + " is already registered for " + envId);
            BOTS.add(bot);
        }
    }

    /** The names of the bots registered for {@code envId}, its default first. */
    public static List<String> names(String envId) {
        List<String> names = new ArrayList<>();
        for (Bot bot : BOTS) if (bot.envIds().contains(envId)) names.add(bot.name());
        return names;
    }

    /** The default bot of {@code envId}: the first registered for it. */
    public static Bot defaultBot(String envId) {
        for (Bot bot : BOTS) if (bot.envIds().contains(envId)) return bot;
        TreeSet<String> played = new TreeSet<>();
        for (Bot bot : BOTS) played.addAll(bot.envIds());
        throw new IllegalArgumentException("no scripted bot for env '" + envId + "'; bots exist for "
                + String.join(", ", played) + " (or name a class implementing " + Bot.class.getName() + ")");
    }

    /**
     * The bot {@code name} of {@code envId}: a registered bot's name, or the fully qualified name of a {@link Bot}
     * class with a public no-argument constructor.
     */
    public static Bot find(String envId, String name) {
        if (name.contains(".")) {
            Bot bot = UserClasses.newInstance(Bot.class, name, "bot class", IllegalArgumentException::new);
            if (!bot.envIds().contains(envId))
                throw new IllegalArgumentException("bot class " + name + " does not play " + envId + ": it plays "
                        + String.join(", ", new TreeSet<>(bot.envIds())));
            return bot;
        }
        for (Bot bot : BOTS) if (bot.name().equals(name) && bot.envIds().contains(envId)) return bot;
        List<String> names = names(envId);
        throw new IllegalArgumentException("unknown bot '" + name + "' for " + envId + ": "
                + (names.isEmpty() ? "it has no registered bots" : "its bots are " + String.join(", ", names))
                + "; or name a class implementing " + Bot.class.getName());
    }

    /** The default bot of {@code envId} when it reads only observations (callers without an env instance). */
    public static Policy forEnv(String envId) { return observationPolicy(defaultBot(envId), envId); }

    /** A policy of {@code bot} built from the env id alone: {@code bot} must be an {@link ObservationBot}. */
    public static Policy observationPolicy(Bot bot, String envId) {
        if (!(bot instanceof ObservationBot observationBot))
            throw new IllegalArgumentException("bot " + bot.name() + " reads its env's state, not only observations: "
                    + "build it for an env instance (Policies.byName(name, env))");
        return observationBot.policy(envId);
    }
}
