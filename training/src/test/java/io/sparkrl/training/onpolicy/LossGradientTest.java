package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** Each loss's analytic gradient (of the batch-mean loss) against central finite differences, in double precision. */
class LossGradientTest {
    private static final int ROWS = 6;
    private final Rng rng = new Rng(7);

    @Test
    void ppoCategoricalWithEntropy() {
        PolicyLoss loss = new PolicyLoss(false);
        loss.setClipRange(0.2);
        loss.setEntCoef(0.05);
        checkCategorical(loss);
        assertTrue(loss.lastClipFraction() > 0 && loss.lastClipFraction() < 1, "test must exercise both branches");
    }

    @Test
    void vanillaPolicyGradientCategorical() {
        PolicyLoss loss = new PolicyLoss(false);
        loss.setEntCoef(0.01);
        checkCategorical(loss);
    }

    @Test
    void ppoGaussianWithEntropy() {
        PolicyLoss loss = new PolicyLoss(true);
        loss.setClipRange(0.2);
        loss.setEntCoef(0.05);
        int dim = 2;
        double[][] out = new double[ROWS][2 * dim], labels = new double[ROWS][dim + 2];
        for (int i = 0; i < ROWS; i++) {
            double logp = 0;
            for (int j = 0; j < dim; j++) {
                out[i][j] = rng.nextGaussian();
                out[i][dim + j] = 0.3 * rng.nextGaussian();
                labels[i][j] = out[i][j] + Math.exp(out[i][dim + j]) * rng.nextGaussian();
                double z = (labels[i][j] - out[i][j]) / Math.exp(out[i][dim + j]);
                logp += -0.5 * z * z - out[i][dim + j] - 0.5 * Math.log(2 * Math.PI);
            }
            labels[i][dim] = rng.nextGaussian();
            labels[i][dim + 1] = logp + 0.4 * rng.nextGaussian();
        }
        checkGradient(loss, labels, out);
        assertTrue(loss.lastClipFraction() > 0 && loss.lastClipFraction() < 1, "test must exercise both branches");
    }

    @Test
    void valueMse() {
        ValueLoss loss = new ValueLoss();
        loss.setVfCoef(0.5);
        checkValue(loss);
    }

    @Test
    void clippedValue() {
        ValueLoss loss = new ValueLoss();
        loss.setVfCoef(0.5);
        loss.setClipRange(0.3);
        checkValue(loss);
    }

    private void checkCategorical(PolicyLoss loss) {
        int actions = 3;
        double[][] out = new double[ROWS][actions], labels = new double[ROWS][actions + 2];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < actions; j++) out[i][j] = rng.nextGaussian();
            int a = rng.nextInt(actions);
            labels[i][a] = 1;
            labels[i][actions] = rng.nextGaussian();
            double logZ = Math.log(Math.exp(out[i][0]) + Math.exp(out[i][1]) + Math.exp(out[i][2]));
            labels[i][actions + 1] = out[i][a] - logZ + 0.4 * rng.nextGaussian();
        }
        checkGradient(loss, labels, out);
    }

    private void checkValue(ValueLoss loss) {
        double[][] out = new double[ROWS][1], labels = new double[ROWS][2];
        for (int i = 0; i < ROWS; i++) {
            out[i][0] = rng.nextGaussian();
            labels[i][0] = rng.nextGaussian();
            labels[i][1] = out[i][0] + 0.5 * rng.nextGaussian();
        }
        checkGradient(loss, labels, out);
    }

    private static void checkGradient(ILossFunction loss, double[][] labelRows, double[][] outRows) {
        var identity = new ActivationIdentity();
        INDArray labels = Nd4j.create(labelRows), out = Nd4j.create(outRows);
        INDArray analytic = loss.computeGradient(labels, out, identity, null);
        double eps = 1e-6;
        for (int i = 0; i < outRows.length; i++) {
            for (int j = 0; j < outRows[0].length; j++) {
                double original = out.getDouble(i, j);
                out.putScalar(i, j, original + eps);
                double plus = loss.computeScore(labels, out, identity, null, true);
                out.putScalar(i, j, original - eps);
                double minus = loss.computeScore(labels, out, identity, null, true);
                out.putScalar(i, j, original);
                double numeric = (plus - minus) / (2 * eps);
                assertEquals(numeric, analytic.getDouble(i, j), 1e-7 + 1e-5 * Math.abs(numeric),
                        loss.name() + " gradient at row " + i + ", column " + j);
            }
        }
    }
}
