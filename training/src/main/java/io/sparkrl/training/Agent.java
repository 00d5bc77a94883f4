package io.sparkrl.training;

import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.runner.Segment;
import java.nio.file.Path;
import java.util.Map;

/**
 * A learner the train loop drives: each iteration actors collect a {@link Segment} with a {@link #snapshot()} of
 * its policy, and {@link #update} learns from it (on-policy: the whole batch; off-policy: into the replay buffer,
 * then a fixed number of gradient steps). Made by {@link Agents}.
 */
public interface Agent {
    /** "ppo", "a2c", "reinforce", "dqn" or "linear-q". */
    String algo();

    Hyperparams config();

    /** Learns from one iteration's experience and returns its metrics (all finite when all is well). */
    Map<String, Double> update(Segment batch);

    /** Acts with the live learner (it changes with each update). */
    BatchPolicy policy();

    /** A copy of the current acting policy to ship to executors. */
    PolicySnapshot snapshot();

    long envSteps();

    /** The learned parameters, flat (for tests and comparisons). */
    float[] params();

    /** Writes the whole learner state into the checkpoint directory {@code dir}; {@link Agents#load} reads it back. */
    void save(Path dir);

    /**
     * Writes what {@link Agents#loadForActing} needs into {@code dir} (a run's {@code best/}): by default the whole
     * state; DQN leaves out its replay buffer.
     */
    default void saveForActing(Path dir) { save(dir); }

    /** One line for the user at start: the model and the memory it takes. */
    String describe();

    /**
     * Starts from {@code pretrained}'s networks and, where both have them, its normalisers (train --init-from),
     * keeping this learner's optimizer and counters; refuses a learner of another family or network shape.
     */
    default void initFrom(Agent pretrained) {
        throw new io.sparkrl.storage.BadInputException("--init-from: " + algo() + " cannot start from a pretrained learner");
    }
}
