package io.sparkrl.rollout.env;

import java.util.Map;

/**
 * What {@code step(action)} returns, as in Gymnasium: the next observation, the reward, whether the episode
 * ended inside the MDP ({@code terminated}) or was cut from outside it ({@code truncated}), and extra info.
 */
public record StepResult<O>(O obs, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {

    public StepResult(O obs, double reward, boolean terminated, boolean truncated) {
        this(obs, reward, terminated, truncated, Map.of());
    }

    public boolean done() { return terminated || truncated; }

    public StepResult<O> withTruncated(boolean t) {
        return t == truncated ? this : new StepResult<>(obs, reward, terminated, t, info);
    }
}
