package io.sparkrl.training;

import io.sparkrl.rollout.env.Space;
import io.sparkrl.storage.BadInputException;
import java.util.Arrays;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Image observations and the convolutional torsos of the learners' networks. An observation space is an image when
 * it is a rank-3 Box {@code [C, H, W]} (channel-first, as MinAtar's and the Atari frame stacks); a torso is a list
 * of {@code [filters, kernel, stride]} ReLU convolutions without padding (hyper-parameter {@code conv}), applied
 * only to images.
 */
public final class ImageInputs {
    private ImageInputs() {}

    /** {@code [C, H, W]} for image observations, else empty. */
    public static int[] imageShape(Space observationSpace) {
        return observationSpace instanceof Space.Box box && box.shape().length == 3 ? box.shape().clone() : new int[0];
    }

    /** Refuses a {@code conv} hyper-parameter whose layers are not three positive numbers. */
    public static void checkConv(int[][] conv) {
        for (int[] layer : conv)
            if (layer.length != 3 || layer[0] <= 0 || layer[1] <= 0 || layer[2] <= 0)
                throw new BadInputException("each conv layer is [filters, kernel, stride], all positive; got " + Arrays.toString(layer));
    }

    /**
     * The convolutions a network on these observations gets: {@code conv} for images (refusing an empty one, an MLP
     * on pixels, and one that shrinks the image to nothing), none for flat observations.
     */
    public static int[][] torso(int[] imageShape, int[][] conv) {
        if (imageShape.length != 3) return new int[0][];
        if (conv.length == 0)
            throw new BadInputException("the observations are images " + Arrays.toString(imageShape) + " but conv is empty "
                    + "(an MLP on pixels): set conv layers, e.g. --set 'conv=[[16,3,1]]'");
        try {
            outputShape(imageShape, conv);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage() + ": choose conv layers that fit the image");
        }
        return conv;
    }

    /** {@code [C, H, W]} after the convolutions; IllegalArgumentException if they shrink the image to nothing. */
    public static int[] outputShape(int[] imageShape, int[][] conv) {
        int channels = imageShape[0], h = imageShape[1], w = imageShape[2];
        for (int[] layer : conv) {
            channels = layer[0];
            h = convolved(h, layer);
            w = convolved(w, layer);
            if (h <= 0 || w <= 0)
                throw new IllegalArgumentException("conv " + Arrays.deepToString(conv) + " shrinks the "
                        + imageShape[1] + "x" + imageShape[2] + " image to nothing");
        }
        return new int[] {channels, h, w};
    }

    /** A side's length after a convolution {@code [filters, kernel, stride]} without padding. */
    public static int convolved(int size, int[] layer) { return (size - layer[1]) / layer[2] + 1; }

    /** Weight layouts of libnd4j's convolution ops: DL4J's {@code [filters, in, k, k]}, libnd4j's default {@code [k, k, in, filters]}. */
    public static final int WEIGHTS_OIKK = 1, WEIGHTS_KKIO = 0;

    /**
     * libnd4j's {@code conv2d} or {@code conv2d_bp} op ({@code name}) for conv layer {@code [filters, kernel, stride]}: no
     * padding, no dilation, valid mode, NCHW activations, weights in {@code weightLayout}.
     */
    public static DynamicCustomOp.DynamicCustomOpsBuilder conv2d(String name, int[] layer, int weightLayout) {
        return DynamicCustomOp.builder(name).addIntegerArguments(layer[1], layer[1], layer[2], layer[2], 0, 0, 1, 1, 0, 0, weightLayout);
    }
}
