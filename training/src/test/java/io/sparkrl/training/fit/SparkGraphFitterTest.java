package io.sparkrl.training.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.training.onpolicy.ActorCriticNet;
import io.sparkrl.training.onpolicy.ActorCriticSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Behaviour cloning of a simple rule through DL4J's Spark training masters on local[2]. */
class SparkGraphFitterTest {
    private static JavaSparkContext jsc;

    @BeforeAll static void start() {
        jsc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("fitter-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll static void stop() { jsc.stop(); }

    /** Minibatches of 4 random features labelled with action (x0 > 0) and value target x1. */
    private static List<MultiDataSet> data(ActorCriticSpec spec, int batches, int size, long seed) {
        Rng rng = new Rng(seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] obs = new float[size * 4], policy = new float[size * 4], value = new float[size * 2];
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < 4; j++) obs[i * 4 + j] = (float) rng.nextGaussian();
                policy[i * 4 + (obs[i * 4] > 0 ? 1 : 0)] = 1;
                policy[i * 4 + 2] = 1;   // advantage 1, old log-prob 0: -log pi(a|s)
                value[2 * i] = value[2 * i + 1] = obs[i * 4 + 1];
            }
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {Nd4j.create(obs, size, 4)},
                    new INDArray[] {Nd4j.create(policy, size, 4), Nd4j.create(value, size, 2)}));
        }
        return out;
    }

    private static double loss(ActorCriticNet net, List<MultiDataSet> batches) {
        double sum = 0;
        for (MultiDataSet m : batches) sum += net.graph().score(m);
        return sum / batches.size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"averaging", "shared"})
    void fitsOnTheExecutorsAndPicksUpTheDriversParameters(String mode) {
        var spec = new ActorCriticSpec(4, true, 2, new int[] {32, 32});
        var net = new ActorCriticNet(spec, 1);
        net.policyLoss().setClipRange(Double.NaN);
        net.policyLoss().setEntCoef(0);
        net.valueLoss().setClipRange(Double.NaN);
        net.valueLoss().setVfCoef(0.5);
        List<MultiDataSet> train = data(spec, 32, 64, 2), test = data(spec, 8, 64, 3);
        var fitter = new SparkGraphFitter(jsc, net.graph(), new Fitting(mode, 2, 1e-3, null), 64, new Adam(1e-3), 0.5);
        double before = loss(net, test);
        float[] initial = net.paramsCopy();
        for (int epoch = 0; epoch < 5; epoch++) fitter.fit(train, 3e-3);
        double after = loss(net, test);
        assertTrue(after < 0.6 * before, mode + ": held-out loss " + before + " -> " + after);
        assertTrue(!java.util.Arrays.equals(initial, net.paramsCopy()), "the learner's own network changed");

        // A change the driver makes between fits (Pop-Art rescales the value head) reaches the executors.
        net.graph().getLayer("value").getParam("b").assign(100);
        fitter.fit(train.subList(0, 4), 1e-9);
        assertEquals(100, net.graph().getLayer("value").getParam("b").getDouble(0), 1e-2, mode);
    }
}
