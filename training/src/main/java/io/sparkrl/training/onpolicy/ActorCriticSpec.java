package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.env.Space;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What an actor-critic network looks like, small enough to ship to executors: observation size, the action
 * space (categorical over {@code actionDim} choices, or a diagonal Gaussian over {@code actionDim} floats) and
 * the hidden layer sizes of both towers (tanh).
 */
public record ActorCriticSpec(int obsSize, boolean discrete, int actionDim, int[] hidden) implements Serializable {

    public static ActorCriticSpec of(Space observationSpace, Space actionSpace, int[] hidden) {
        return actionSpace instanceof Space.Discrete d
                ? new ActorCriticSpec(observationSpace.flatSize(), true, d.n(), hidden)
                : new ActorCriticSpec(observationSpace.flatSize(), false, actionSpace.flatSize(), hidden);
    }

    /** Width of the policy head's output: logits, or Gaussian mean and log-std. */
    public int policyOutputWidth() { return discrete ? actionDim : 2 * actionDim; }

    /** Floats per action in a batch: 1 (an int index) for Discrete, {@code actionDim} for Box. */
    public int actionWidth() { return discrete ? 1 : actionDim; }

    @Override public boolean equals(Object o) {
        return o instanceof ActorCriticSpec s && obsSize == s.obsSize && discrete == s.discrete
                && actionDim == s.actionDim && Arrays.equals(hidden, s.hidden);
    }

    @Override public int hashCode() { return 31 * (31 * (31 * obsSize + actionDim) + (discrete ? 1 : 0)) + Arrays.hashCode(hidden); }

    @Override public String toString() {
        return "ActorCriticSpec[obs=" + obsSize + ", " + (discrete ? "Discrete(" : "Box(") + actionDim + "), hidden="
                + Arrays.toString(hidden) + "]";
    }
}
