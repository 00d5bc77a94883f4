package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.Policy;
import java.util.Set;
import java.util.function.Function;

/**
 * A bot whose rule reads only the observations it is given, so its policy can be built from the env id alone (and
 * one policy may act for several copies of the env).
 */
public interface ObservationBot extends Bot {

    /** A new policy for the env with id {@code envId}. */
    Policy policy(String envId);

    @Override default Policy policy(Env<float[]> env) { return policy(env.spec().id()); }

    /** The bot {@code name} playing {@code envIds} with the policies of {@code policyForEnvId}. */
    static ObservationBot of(String name, Set<String> envIds, Function<String, Policy> policyForEnvId) {
        Set<String> ids = Set.copyOf(envIds);
        return new ObservationBot() {
            @Override public String name() { return name; }

            @Override public Set<String> envIds() { return ids; }

            @Override public Policy policy(String envId) { return policyForEnvId.apply(envId); }

            @Override public String toString() { return name; }
        };
    }
}
