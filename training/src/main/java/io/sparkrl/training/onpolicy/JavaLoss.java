package io.sparkrl.training.onpolicy;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A DL4J loss computed in plain Java over the whole minibatch: one copy of the network output and labels out,
 * one gradient array in. For the few hundred rows of an RL minibatch this beats a dozen element-wise ND4J ops,
 * each paying native-call overhead. Labels may be wider than the output and carry whatever the loss needs
 * (actions, advantages, old log-probabilities, old values).
 *
 * <p>Scores are per row; the gradient is that of the batch MEAN, because learners apply it themselves
 * (global-norm clipping, Adam) instead of through DL4J's updater, which would divide by the batch size.
 * The output layer's activation must be identity.
 */
abstract class JavaLoss implements ILossFunction {

    /**
     * Fills {@code scores[i]} (loss of row i) and {@code grad} (d mean loss / d output, row-major
     * {@code n x outWidth}), and records statistics of the batch.
     */
    abstract void evaluate(double[] labels, int labelWidth, double[] out, int outWidth, int n,
                           double[] scores, double[] grad);

    private double[] evaluate(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask,
                              double[] grad) {
        if (!(activation instanceof ActivationIdentity))
            throw new IllegalStateException(name() + " needs an identity activation, got " + activation);
        if (mask != null) throw new IllegalStateException(name() + " does not support masks");
        int n = (int) preOutput.size(0);
        double[] scores = new double[n];
        evaluate(rowMajor(labels), (int) labels.size(1), rowMajor(preOutput),
                (int) preOutput.size(1), n, scores, grad == null ? new double[n * (int) preOutput.size(1)] : grad);
        return scores;
    }

    private static double[] rowMajor(INDArray matrix) { return matrix.reshape(new long[] {matrix.length()}).toDoubleVector(); }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask,
                               boolean average) {
        double sum = 0;
        for (double s : evaluate(labels, preOutput, activation, mask, null)) sum += s;
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        return Nd4j.create(evaluate(labels, preOutput, activation, mask, null), preOutput.size(0), 1)
                .castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        double[] grad = new double[(int) preOutput.length()];
        evaluate(labels, preOutput, activation, mask, grad);
        return Nd4j.create(grad, preOutput.shape(), 'c').castTo(preOutput.dataType());
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activation,
                                                          INDArray mask, boolean average) {
        double[] grad = new double[(int) preOutput.length()];
        double sum = 0;
        for (double s : evaluate(labels, preOutput, activation, mask, grad)) sum += s;
        return Pair.of(average ? sum / preOutput.size(0) : sum,
                Nd4j.create(grad, preOutput.shape(), 'c').castTo(preOutput.dataType()));
    }
}
