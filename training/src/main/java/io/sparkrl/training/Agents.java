package io.sparkrl.training;

import io.sparkrl.rollout.env.Space;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.offpolicy.DqnAgent;
import io.sparkrl.training.offpolicy.DqnConfig;
import io.sparkrl.training.offpolicy.LinearQAgent;
import io.sparkrl.training.offpolicy.LinearQConfig;
import io.sparkrl.training.onpolicy.OnPolicyAgent;
import io.sparkrl.training.onpolicy.OnPolicyConfig;
import java.nio.file.Path;
import java.util.List;

/** The algorithms by name: their hyper-parameters, new learners, and learners saved in checkpoints. */
public final class Agents {
    /** The learners whose network is a DL4J actor-critic graph (behaviour cloning and distributed fitting need one). */
    public static final List<String> ACTOR_CRITIC = List.of("ppo", "a2c", "reinforce");
    public static final List<String> ALGOS = List.of("ppo", "a2c", "reinforce", "dqn", "linear-q");
    /** The learner's file in a checkpoint directory. */
    public static final String AGENT_FILE = "agent.bin";

    private Agents() {}

    /** The per-env defaults of {@code algo} (rl-zoo's where it has them). */
    public static Hyperparams defaults(String algo, String envId) {
        return switch (check(algo)) {
            case "dqn" -> DqnConfig.forEnv(envId);
            case "linear-q" -> LinearQConfig.forEnv(envId);
            default -> OnPolicyConfig.forEnv(algo, envId);
        };
    }

    /** Hyper-parameters of {@code algo} from a run's config.json. */
    public static Hyperparams parse(String algo, String json) {
        return switch (check(algo)) {
            case "dqn" -> DqnConfig.fromJson(json);
            case "linear-q" -> LinearQConfig.fromJson(json);
            default -> OnPolicyConfig.fromJson(json);
        };
    }

    /** A new learner for observations that are not frame stacks; see the overload. */
    public static Agent create(String algo, Space observationSpace, Space actionSpace, Hyperparams hyperparams,
                               long seed, boolean allowLargeReplay) {
        return create(algo, observationSpace, actionSpace, hyperparams, seed, allowLargeReplay, 0);
    }

    /**
     * A new learner; refuses an env it cannot handle (a continuous action space for the DQN family) and, unless
     * {@code allowLargeReplay}, a replay buffer larger than the free heap. {@code frameStack} > 0 says observations
     * are stacks of that many uint8 frames (a replay buffer then stores each frame once), 0 that they are not.
     */
    public static Agent create(String algo, Space observationSpace, Space actionSpace, Hyperparams hyperparams,
                               long seed, boolean allowLargeReplay, int frameStack) {
        return switch (check(algo)) {
            case "dqn" -> DqnAgent.create(observationSpace, actionSpace, (DqnConfig) hyperparams, seed, allowLargeReplay, frameStack);
            case "linear-q" -> LinearQAgent.create(observationSpace, actionSpace, (LinearQConfig) hyperparams, seed);
            default -> OnPolicyAgent.create(algo, observationSpace, actionSpace, (OnPolicyConfig) hyperparams, seed);
        };
    }

    /** The learner saved by {@link Agent#save} in checkpoint directory {@code dir}. */
    public static Agent load(Path dir) { return load(dir, false); }

    /** The learner in {@code dir} without what only learning needs (a DQN's replay buffer): for play and evaluation. */
    public static Agent loadForActing(Path dir) { return load(dir, true); }

    private static Agent load(Path dir, boolean actingOnly) {
        String magic = CheckpointFile.magicOf(dir.resolve(AGENT_FILE), "onpolicy", "dqn", "linear-q");
        if (magic == null)
            throw new BadInputException("corrupt checkpoint " + dir.resolve(AGENT_FILE)
                    + ": not a sparkrl learner; delete it to resume from an earlier checkpoint");
        return switch (magic) {
            case "dqn" -> actingOnly ? DqnAgent.loadForActing(dir) : DqnAgent.load(dir);
            case "linear-q" -> LinearQAgent.load(dir);
            default -> OnPolicyAgent.load(dir);
        };
    }

    private static String check(String algo) {
        if (!ALGOS.contains(algo)) throw new BadInputException("unknown algorithm '" + algo + "': use one of " + ALGOS);
        return algo;
    }
}
