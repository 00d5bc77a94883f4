package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.env.Space;
import io.sparkrl.training.ImageInputs;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What an actor-critic network looks like, small enough to ship to executors: observation size, the action
 * space (categorical over {@code actionDim} choices, or a diagonal Gaussian over {@code actionDim} floats), the
 * hidden layer sizes of both towers (tanh), and for image observations ({@code imageShape} {@code [C, H, W]}) the
 * shared convolutional torso before them ({@code conv}, see {@link ImageInputs}); both empty for flat observations.
 */
public record ActorCriticSpec(int obsSize, boolean discrete, int actionDim, int[] hidden, int[] imageShape, int[][] conv)
        implements Serializable {

    /** An MLP on flat observations. */
    public ActorCriticSpec(int obsSize, boolean discrete, int actionDim, int[] hidden) {
        this(obsSize, discrete, actionDim, hidden, new int[0], new int[0][]);
    }

    /** The network for these spaces: {@code conv} first when the observations are images. */
    public static ActorCriticSpec of(Space observationSpace, Space actionSpace, int[] hidden, int[][] conv) {
        int[] image = ImageInputs.imageShape(observationSpace);
        int[][] torso = ImageInputs.torso(image, conv);
        return actionSpace instanceof Space.Discrete d
                ? new ActorCriticSpec(observationSpace.flatSize(), true, d.n(), hidden, image, torso)
                : new ActorCriticSpec(observationSpace.flatSize(), false, actionSpace.flatSize(), hidden, image, torso);
    }

    /** Width of the policy head's output: logits, or Gaussian mean and log-std. */
    public int policyOutputWidth() { return discrete ? actionDim : 2 * actionDim; }

    /** Floats per action in a batch: 1 (an int index) for Discrete, {@code actionDim} for Box. */
    public int actionWidth() { return discrete ? 1 : actionDim; }

    @Override public boolean equals(Object o) {
        return o instanceof ActorCriticSpec s && obsSize == s.obsSize && discrete == s.discrete
                && actionDim == s.actionDim && Arrays.equals(hidden, s.hidden) && Arrays.equals(imageShape, s.imageShape)
                && Arrays.deepEquals(conv, s.conv);
    }

    @Override public int hashCode() {
        return Arrays.hashCode(new int[] {obsSize, actionDim, discrete ? 1 : 0, Arrays.hashCode(hidden),
                Arrays.hashCode(imageShape), Arrays.deepHashCode(conv)});
    }

    @Override public String toString() {
        return "ActorCriticSpec[obs=" + (imageShape.length == 0 ? String.valueOf(obsSize)
                : Arrays.toString(imageShape) + ", conv=" + Arrays.deepToString(conv)) + ", "
                + (discrete ? "Discrete(" : "Box(") + actionDim + "), hidden=" + Arrays.toString(hidden) + "]";
    }
}
