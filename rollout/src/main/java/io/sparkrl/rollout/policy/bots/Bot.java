package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.Policy;
import java.util.Set;

/**
 * A scripted bot: a named rule that plays some envs. Implement it (or {@link ObservationBot} when the rule reads only
 * observations), then {@link Bots#register} it or name its class where a bot name is taken ({@code --bot
 * com.example.MyBot}: the class needs a public no-argument constructor and must be on the classpath).
 */
public interface Bot {

    /** The name that selects the bot ({@code --bot NAME}), unique among the bots of each env it plays. */
    String name();

    /** The env ids the bot plays. */
    Set<String> envIds();

    /**
     * A new policy playing {@code env}, one env instance: it acts on that env's observations and may look through
     * {@code env.unwrapped()} (an Atari bot reads the {@link io.sparkrl.rollout.env.atari.AtariEnv}'s RAM), so it must
     * not act for another env.
     */
    Policy policy(Env<float[]> env);
}
