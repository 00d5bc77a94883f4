package io.sparkrl.rollout.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import io.sparkrl.rollout.policy.bots.Bot;
import io.sparkrl.rollout.policy.bots.Bots;
import io.sparkrl.rollout.policy.bots.ObservationBot;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bots by name, by class name and registered by users; every mistake is a one-line error naming the fix. */
class BotRegistryTest {
    private static final String BREAKOUT = "MinAtar/Breakout-v1";

    /** A user's bot: always moves left in Breakout (action index 1 of both action sets). */
    public static final class AlwaysLeft implements ObservationBot {
        @Override public String name() { return "always-left"; }

        @Override public Set<String> envIds() { return Set.of(BREAKOUT, "MinAtar/Breakout-v0"); }

        @Override public Policy policy(String envId) {
            return new Policy() {
                @Override public String name() { return "always-left"; }

                @Override public int actDiscrete(float[] obs, int off, Rng rng) { return 1; }
            };
        }
    }

    /** Not a bot at all. */
    public static final class NotABot {}

    /** A bot without a no-argument constructor. */
    public static final class NeedsArgument extends Wrapped {
        public NeedsArgument(String name) { super(name); }
    }

    /** Delegates to the built-in Breakout bot under another name. */
    public static class Wrapped implements Bot {
        private final String name;

        Wrapped(String name) { this.name = name; }

        @Override public String name() { return name; }

        @Override public Set<String> envIds() { return Set.of(BREAKOUT); }

        @Override public Policy policy(Env<float[]> env) { return Bots.find(BREAKOUT, "track-ball").policy(env); }
    }

    private static String oneLineError(Executable call) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test void eachEnvListsItsBotsDefaultFirst() {
        assertEquals("track-ball", Bots.names(BREAKOUT).get(0)); // a test below registers another
        assertEquals(List.of("cartpole-balance"), Bots.names("CartPole-v1"));
        assertEquals(List.of("tetris-placement"), Bots.names("ALE/Tetris-v5"));
        assertEquals(List.of(), Bots.names("ALE/Pong-v5"));
        assertEquals("track-ball", Bots.defaultBot("MinAtar/Breakout-v0").name());
    }

    @Test void aUsersBotIsLoadedByClassName() {
        try (Env<float[]> env = EnvRecipe.of(BREAKOUT).make()) {
            Policy left = Policies.byName(AlwaysLeft.class.getName(), env);
            assertEquals("always-left", left.name());
            float[] obs = env.reset(0).obs();
            for (int t = 0; t < 5; t++) obs = env.step(left.actDiscrete(obs, 0, new Rng(t))).obs();
            // Upstream's sticky actions aside, five steps left take the paddle from column 4 to column 0.
            assertTrue(obs[MinAtarEnv.index(0, 0, 9)] == 1f || obs[MinAtarEnv.index(0, 1, 9)] == 1f);
            assertEquals("always-left", Policies.byName(AlwaysLeft.class.getName(), BREAKOUT, env.actionSpace()).name());
        }
    }

    @Test void aRegisteredBotIsFoundByNameAfterTheBuiltInOnes() {
        Bots.register(new Wrapped("registry-test-tracker"));
        assertEquals(List.of("track-ball", "registry-test-tracker"), Bots.names(BREAKOUT));
        try (Env<float[]> env = EnvRecipe.of(BREAKOUT).make()) {
            assertEquals("track-ball", Policies.byName("registry-test-tracker", env).name());
        }
        assertTrue(oneLineError(() -> Bots.register(new Wrapped("registry-test-tracker")))
                .contains("already registered for " + BREAKOUT));
        assertTrue(oneLineError(() -> Bots.register(new Wrapped("random"))).contains("not allowed"));
    }

    @Test void mistakesAreOneLineErrors() {
        String unknown = oneLineError(() -> Bots.find(BREAKOUT, "track-bal"));
        assertTrue(unknown.contains("unknown bot 'track-bal' for " + BREAKOUT) && unknown.contains("track-ball"), unknown);
        assertTrue(oneLineError(() -> Bots.find(BREAKOUT, "com.example.Missing")).contains("is not on the classpath"));
        assertTrue(oneLineError(() -> Bots.find(BREAKOUT, NotABot.class.getName()))
                .contains("does not implement " + Bot.class.getName()));
        assertTrue(oneLineError(() -> Bots.find(BREAKOUT, NeedsArgument.class.getName()))
                .contains("needs a public no-argument constructor"));
        String elsewhere = oneLineError(() -> Bots.find("MinAtar/Freeway-v1", AlwaysLeft.class.getName()));
        assertTrue(elsewhere.contains("does not play MinAtar/Freeway-v1: it plays MinAtar/Breakout-v0, " + BREAKOUT),
                elsewhere);
        String noBot = oneLineError(() -> Bots.defaultBot("ALE/Pong-v5"));
        assertTrue(noBot.contains("ALE/Pong-v5") && noBot.contains("CartPole-v1"), noBot);
        // The Tetris bot reads the console's RAM, so it needs the env instance it plays.
        assertTrue(oneLineError(() -> Policies.byName("bot", "ALE/Tetris-v5", null)).contains("build it for an env instance"));
    }
}
