package io.sparkrl.training.fit;

import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Agents;
import java.io.Serializable;
import java.util.List;

/**
 * Where a learner's minibatch fitting runs ({@code --fit}): {@code local}, on the driver with sparkrl's own optimizer
 * (global-norm clipping, Adam); {@code averaging}, DL4J's {@code ParameterAveragingTrainingMaster} (each executor fits
 * its share of the minibatches, parameters and Adam state averaged every {@code averagingFrequency} minibatches);
 * {@code shared}, DL4J's {@code SharedTrainingMaster} (gradient sharing: each executor's threshold-encoded updates go
 * to every other through the Aeron parameter-server transport, initial threshold {@code threshold}, adapted).
 *
 * <p>{@code networkMask} picks the interface the parameter-server transport binds on each executor (CIDR, e.g.
 * {@code 10.0.0.0/16}); null derives it from the driver's address ({@code 127.0.0.0/8} on loopback).
 */
public record Fitting(String mode, int averagingFrequency, double threshold, String networkMask) implements Serializable {
    public static final List<String> MODES = List.of("local", "averaging", "shared");
    public static final Fitting LOCAL = new Fitting("local", 5, 1e-3, null);

    public Fitting {
        if (!MODES.contains(mode)) throw new BadInputException("--fit " + mode + " is not a fitting mode: use " + String.join(", ", MODES));
        if (averagingFrequency <= 0) throw new BadInputException("--fit-averaging-frequency must be positive, got " + averagingFrequency);
        if (!(threshold > 0 && threshold < 1)) throw new BadInputException("--fit-threshold must be in (0, 1), got " + threshold);
        if (networkMask != null && !networkMask.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}"))
            throw new BadInputException("--fit-network " + networkMask + " is not an IPv4 CIDR mask like 10.0.0.0/16");
    }

    public boolean distributed() { return !mode.equals("local"); }

    /** Refuses distributed fitting of {@code learner} unless it is an actor-critic learner (a DL4J graph). */
    public void checkLearner(String learner) {
        if (distributed() && !Agents.ACTOR_CRITIC.contains(learner))
            throw new BadInputException("--fit " + mode + " fits DL4J actor-critic networks (" + String.join(", ", Agents.ACTOR_CRITIC)
                    + "); " + learner + "'s network is sparkrl's own ND4J code and fits on the driver: use --fit local");
    }
}
