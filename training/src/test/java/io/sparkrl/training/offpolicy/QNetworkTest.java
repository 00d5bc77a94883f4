package io.sparkrl.training.offpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkrl.rollout.env.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class QNetworkTest {

    @Test
    void duelingCombinesValueAndMeanCentredAdvantages() {
        // No hidden layer, one input: advantage head W=[1,2,3], b=0; value head W=[10], b=[5].
        QNetwork net = new QNetwork(new QNetwork.Spec(1, 3, new int[0], true, false, 0.5), 0);
        net.setParams(new float[] {1, 2, 3, 0, 0, 0, 10, 5});
        float[] q = net.forward(Nd4j.create(new float[] {1}, new long[] {1, 1}, 'c')).toFloatVector();
        // A = [1, 2, 3] (mean 2), V = 15: Q = V + A - mean(A).
        assertArrayEquals(new float[] {14, 15, 16}, q, 1e-6f);
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryVariant() {
        for (boolean dueling : new boolean[] {false, true})
            for (boolean noisy : new boolean[] {false, true})
                checkGradient(new QNetwork.Spec(3, 4, new int[] {5, 6}, dueling, noisy, 0.5));
    }

    @Test
    void convolutionalTorsoGradientsMatchFiniteDifferences() {
        // [2, 6, 5] -> 3 filters 3x3 stride 1 -> [3, 4, 3] -> 4 filters 2x2 stride 2 -> [4, 2, 1] -> 8 -> 5 -> 4.
        int[] image = {2, 6, 5};
        int[][] conv = {{3, 3, 1}, {4, 2, 2}};
        for (boolean dueling : new boolean[] {false, true})
            checkGradient(new QNetwork.Spec(60, 4, new int[] {5}, dueling, false, 0.5, image, conv));
        checkGradient(new QNetwork.Spec(60, 4, new int[0], false, true, 0.5, image, conv));
    }

    @Test
    void convolutionMatchesAHandComputedValue() {
        // One 2x2 filter of ones over a 1x3x3 image, no hidden layer; the head has weights [1, 2, 3, 4] and bias 0.
        QNetwork net = new QNetwork(new QNetwork.Spec(9, 1, new int[0], false, false, 0.5, new int[] {1, 3, 3},
                new int[][] {{1, 2, 1}}), 0);
        net.setParams(new float[] {1, 1, 1, 1, -10, 1, 2, 3, 4, 0});
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        // Windows sum to 12, 16, 24, 28; minus 10 and ReLU: 2, 6, 14, 18; head: 2 + 12 + 42 + 72.
        float[] q = net.forward(Nd4j.create(image, new long[] {1, 9}, 'c')).toFloatVector();
        assertArrayEquals(new float[] {128}, q, 1e-5f);
    }

    /** Loss = sum(c * Q) for fixed random c: its gradient is backward(c). */
    private static void checkGradient(QNetwork.Spec spec) {
        QNetwork net = new QNetwork(spec, 7, DataType.DOUBLE);
        Rng rng = new Rng(11);
        net.resampleNoise(rng);
        INDArray obs = Nd4j.rand(DataType.DOUBLE, 8, spec.obsSize()).subi(0.5).muli(4);
        INDArray c = Nd4j.rand(DataType.DOUBLE, 8, spec.numActions()).subi(0.5);
        net.forward(obs);
        double[] analytic = net.backward(c).toDoubleVector();
        INDArray params = net.params();
        double eps = 1e-6, worst = 0;
        for (int i = 0; i < params.length(); i++) {
            double original = params.getDouble(0, i);
            params.putScalar(0, i, original + eps);
            double plus = net.forward(obs).mul(c).sumNumber().doubleValue();
            params.putScalar(0, i, original - eps);
            double minus = net.forward(obs).mul(c).sumNumber().doubleValue();
            params.putScalar(0, i, original);
            worst = Math.max(worst, Math.abs((plus - minus) / (2 * eps) - analytic[i]));
        }
        assertEquals(0, worst, 1e-6, spec.toString());
    }

    @Test
    void rescalingOutputsMapsEveryQValueExactly() {
        for (boolean dueling : new boolean[] {false, true}) {
            QNetwork net = new QNetwork(new QNetwork.Spec(2, 3, new int[] {8}, dueling, true, 0.5), 3, DataType.DOUBLE);
            net.resampleNoise(new Rng(1));
            INDArray obs = Nd4j.rand(DataType.DOUBLE, 5, 2);
            double[] before = net.forward(obs).ravel().toDoubleVector();
            net.rescaleOutputs(0.25, -3);
            double[] after = net.forward(obs).ravel().toDoubleVector();
            for (int i = 0; i < before.length; i++) assertEquals(0.25 * before[i] - 3, after[i], 1e-9);
        }
    }

    @Test
    void noiseChangesOutputsAndNoiseOffGivesTheMeanNetwork() {
        QNetwork noisy = new QNetwork(new QNetwork.Spec(2, 3, new int[] {8}, false, true, 0.5), 3);
        QNetwork plain = new QNetwork(new QNetwork.Spec(2, 3, new int[] {8}, false, false, 0.5), 3);
        INDArray obs = Nd4j.rand(DataType.FLOAT, 4, 2);
        float[] mean = noisy.forward(obs).ravel().toFloatVector();
        noisy.resampleNoise(new Rng(5));
        assertFalse(Arrays.equals(mean, noisy.forward(obs).ravel().toFloatVector()), "noise changes the values");
        noisy.noiseOff();
        assertArrayEquals(mean, noisy.forward(obs).ravel().toFloatVector());
        // The first layer (2 inputs -> 8) stays plain on flat observations; the head (8 -> 3) has a sigma per weight and bias.
        assertEquals(plain.numParams() + (8 + 1) * 3, noisy.numParams(), "a noisy layer has a sigma for every weight and bias");
    }

    @Test
    void polyakUpdateMovesTauOfTheWayAndTauOneCopies() {
        QNetwork.Spec spec = new QNetwork.Spec(2, 2, new int[] {4}, false, false, 0.5);
        QNetwork online = new QNetwork(spec, 1), target = new QNetwork(spec, 2);
        float[] a = online.paramsCopy(), b = target.paramsCopy();
        target.polyakUpdate(online, 0.1);
        float[] mixed = target.paramsCopy();
        for (int i = 0; i < a.length; i++) assertEquals(0.9 * b[i] + 0.1 * a[i], mixed[i], 1e-6);
        target.polyakUpdate(online, 1);
        assertArrayEquals(a, target.paramsCopy());
    }
}
