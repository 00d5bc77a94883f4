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
 * {@code network}, when not null, names an {@link ActorCriticTorso} class whose layers replace the built-in torso
 * and towers ({@code conv} is then empty and {@code hidden} unused).
 */
public record ActorCriticSpec(int obsSize, boolean discrete, int actionDim, int[] hidden, int[] imageShape, int[][] conv,
                              String network) implements Serializable {

    /** The built-in towers. */
    public ActorCriticSpec(int obsSize, boolean discrete, int actionDim, int[] hidden, int[] imageShape, int[][] conv) {
        this(obsSize, discrete, actionDim, hidden, imageShape, conv, null);
    }

    /** An MLP on flat observations. */
    public ActorCriticSpec(int obsSize, boolean discrete, int actionDim, int[] hidden) {
        this(obsSize, discrete, actionDim, hidden, new int[0], new int[0][]);
    }

    /**
     * The network for these spaces: {@code conv} first when the observations are images, or the layers of the
     * {@link ActorCriticTorso} class {@code network} (null: built in).
     */
    public static ActorCriticSpec of(Space observationSpace, Space actionSpace, int[] hidden, int[][] conv, String network) {
        int[] image = ImageInputs.imageShape(observationSpace);
        int[][] torso = network == null ? ImageInputs.torso(image, conv) : new int[0][];
        return actionSpace instanceof Space.Discrete d
                ? new ActorCriticSpec(observationSpace.flatSize(), true, d.n(), hidden, image, torso, network)
                : new ActorCriticSpec(observationSpace.flatSize(), false, actionSpace.flatSize(), hidden, image, torso, network);
    }

    /** Width of the policy head's output: logits, or Gaussian mean and log-std. */
    public int policyOutputWidth() { return discrete ? actionDim : 2 * actionDim; }

    /** Floats per action in a batch: 1 (an int index) for Discrete, {@code actionDim} for Box. */
    public int actionWidth() { return discrete ? 1 : actionDim; }

    @Override public boolean equals(Object o) {
        return o instanceof ActorCriticSpec s && obsSize == s.obsSize && discrete == s.discrete
                && actionDim == s.actionDim && Arrays.equals(hidden, s.hidden) && Arrays.equals(imageShape, s.imageShape)
                && Arrays.deepEquals(conv, s.conv) && java.util.Objects.equals(network, s.network);
    }

    @Override public int hashCode() {
        return Arrays.hashCode(new int[] {obsSize, actionDim, discrete ? 1 : 0, Arrays.hashCode(hidden),
                Arrays.hashCode(imageShape), Arrays.deepHashCode(conv), java.util.Objects.hashCode(network)});
    }

    @Override public String toString() {
        String obs = imageShape.length == 0 ? String.valueOf(obsSize) : Arrays.toString(imageShape);
        String layers = network != null ? ", network=" + network
                : (imageShape.length == 0 ? "" : ", conv=" + Arrays.deepToString(conv)) + ", hidden=" + Arrays.toString(hidden);
        return "ActorCriticSpec[obs=" + obs + ", " + (discrete ? "Discrete(" : "Box(") + actionDim + ")" + layers + "]";
    }
}
