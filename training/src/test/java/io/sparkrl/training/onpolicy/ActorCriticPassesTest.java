package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** sparkrl's own passes of the built-in actor-critic compute what DL4J's graph computes: outputs and the flat gradient. */
class ActorCriticPassesTest {

    private static void assertSameAsGraph(ActorCriticSpec spec, int n) {
        ActorCriticNet net = new ActorCriticNet(spec, 7, true);
        net.policyLoss().setClipRange(0.2);
        net.policyLoss().setEntCoef(0.01);
        net.valueLoss().setClipRange(0.5);
        Rng rng = new Rng(3);
        float[] obs = new float[n * spec.obsSize()];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.nextDouble();
        int actWidth = spec.actionDim(), labelWidth = actWidth + 2;
        float[] policyLabels = new float[n * labelWidth], valueLabels = new float[n * 2];
        for (int i = 0; i < n; i++) {
            if (spec.discrete()) policyLabels[i * labelWidth + i % actWidth] = 1;
            else for (int j = 0; j < actWidth; j++) policyLabels[i * labelWidth + j] = (float) rng.nextGaussian();
            policyLabels[i * labelWidth + actWidth] = (float) rng.nextGaussian();          // advantage
            policyLabels[i * labelWidth + actWidth + 1] = (float) (-1 - rng.nextDouble()); // old log-prob: some ratios clip
            valueLabels[2 * i] = (float) rng.nextGaussian();
            valueLabels[2 * i + 1] = (float) rng.nextGaussian();
        }
        INDArray x = Nd4j.create(obs, n, spec.obsSize()), p = Nd4j.create(policyLabels, n, labelWidth), v = Nd4j.create(valueLabels, n, 2);

        float[][] ours = {ActorCriticNet.rowMajor(net.forward(obs, n)[0]), ActorCriticNet.rowMajor(net.forward(obs, n)[1])};
        float[][] dl4j = {ActorCriticNet.rowMajor(net.graph().output(false, x)[0]), ActorCriticNet.rowMajor(net.graph().output(false, x)[1])};
        assertArrayEquals(dl4j[0], ours[0], 1e-5f, "policy outputs");
        assertArrayEquals(dl4j[1], ours[1], 1e-5f, "values");

        float[] fast = net.gradient(x, p, v).dup().toFloatVector();
        float[] reference = net.graphGradient(x, p, v).dup().toFloatVector();
        double scale = 0;
        for (float g : reference) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 1e-4, "a gradient to compare");
        for (int i = 0; i < reference.length; i++)
            assertTrue(Math.abs(fast[i] - reference[i]) <= 1e-4 * scale + 1e-7,
                    "parameter " + i + " of " + reference.length + ": " + fast[i] + " vs DL4J's " + reference[i]);
    }

    @Test void tanhIsWithinFourTenMillionthsOfMathTanh() {
        double worst = 0;
        for (int i = -1_000_000; i <= 1_000_000; i++) {
            float x = i * 1e-5f;
            worst = Math.max(worst, Math.abs(ActorCriticPasses.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worst < 4e-7, "max error " + worst);
        assertTrue(ActorCriticPasses.tanh(50f) == 1f && ActorCriticPasses.tanh(-50f) == -1f && ActorCriticPasses.tanh(0f) == 0f);
    }

    @Test void mlpWithCategoricalPolicy() { assertSameAsGraph(new ActorCriticSpec(4, true, 2, new int[] {64, 64}), 256); }

    @Test void mlpWithGaussianPolicy() { assertSameAsGraph(new ActorCriticSpec(3, false, 2, new int[] {64, 64}), 64); }

    @Test void convolutionalTorso() {
        assertSameAsGraph(new ActorCriticSpec(4 * 10 * 10, true, 3, new int[] {128}, new int[] {4, 10, 10}, new int[][] {{16, 3, 1}}), 32);
    }

    @Test void twoConvolutionsWithStride() {
        assertSameAsGraph(new ActorCriticSpec(2 * 12 * 12, false, 1, new int[] {32, 16}, new int[] {2, 12, 12},
                new int[][] {{8, 4, 2}, {4, 3, 1}}), 8);
    }
}
