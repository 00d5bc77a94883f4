package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.training.Agents;
import io.sparkrl.training.fit.Fitting;
import io.sparkrl.training.fit.SparkGraphFitter;
import io.sparkrl.training.onpolicy.ActorCriticNet;
import io.sparkrl.training.onpolicy.ActorCriticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Distributed fitting on a real standalone cluster (a master and two workers on 127.0.0.1, one executor JVM on each,
 * from submit/local-cluster.sh): DL4J's SharedTrainingMaster with the parameter-server transport between JVMs. A PPO
 * run and a behaviour-cloning pretrain submitted through submit/sparkrl-submit.sh with --fit shared, and the fitter
 * driven from this JVM.
 * Logs: jobs/target/it-distributed-fit/.
 */
class DistributedFitIT {
    private static final Path IT_DIR = LocalCluster.JOBS_JAR.resolveSibling("it-distributed-fit");
    private static LocalCluster cluster;

    /** Two workers of one core each: one executor JVM on each. */
    @BeforeAll static void startCluster() throws Exception {
        cluster = LocalCluster.start(IT_DIR, 2, 1, "2g");
    }

    @AfterAll static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    private static List<String> submit(String... verb) {
        List<String> command = new ArrayList<>(cluster.submit("--driver-memory", "1g", "--executor-memory", "1g",
                "--executor-cores", "1", "--total-executor-cores", "2"));
        command.addAll(List.of(verb));
        return command;
    }

    /** PPO on CartPole with gradient sharing between two executor JVMs, submitted as a user would. */
    @Test void ppoTrainsWithSharedFittingThroughSparkSubmit() throws Exception {
        Path runDir = IT_DIR.resolve("ppo-shared");
        Path log = IT_DIR.resolve("submit-train.log");
        int exit = LocalCluster.run(submit("train", "--env", "CartPole-v1", "--algo", "ppo", "--run", runDir.toString(), "--seed", "5",
                "--total-steps", "2048", "--partitions", "2", "--set", "n_envs=4", "--set", "n_steps=128", "--set", "batch_size=64",
                "--set", "n_epochs=4", "--checkpoint-every", "2", "--fit", "shared", "--no-plots"), log, Duration.ofSeconds(300));
        assertEquals(0, exit, () -> "train --fit shared failed: see " + log);
        assertTrue(Files.readString(log).contains("fitted on the executors (--fit shared)"), "see " + log);
        double[] before = DistributedFitTest.metric(runDir, "fit_loss_before"), after = DistributedFitTest.metric(runDir, "fit_loss_after");
        assertEquals(4, before.length, "4 iterations of 512 steps");
        int fell = 0;
        for (int i = 0; i < before.length; i++) if (after[i] < before[i]) fell++;
        assertTrue(fell >= 3, "the loss falls over each update's epochs: " + Arrays.toString(before) + " -> " + Arrays.toString(after));
        assertFalse(Arrays.equals(Agents.load(runDir.resolve("checkpoints/iter-000002")).params(),
                Agents.load(runDir.resolve("checkpoints/iter-000004")).params()), "the driver's model changed");
        SparkSession spark = LocalCluster.localSession("DistributedFitIT-check");
        try {
            assertEquals(2048, spark.read().parquet(runDir.resolve("steps").toString()).count(), "steps rows");
            assertEquals(List.of(0, 1, 2, 3), spark.read().parquet(runDir.resolve("steps").toString()).select("iteration").distinct()
                    .orderBy("iteration").collectAsList().stream().map(r -> r.getInt(0)).toList(), "one partition per iteration");
            long lengths = spark.read().parquet(runDir.resolve("episodes").toString()).selectExpr("sum(length)").first().getLong(0);
            assertTrue(lengths > 0 && lengths <= 2048, "finished episodes' lengths within the steps written: " + lengths);
        } finally {
            spark.stop();
        }
    }

    /** Bot data recorded on the cluster, cloned with the minibatches built and fitted on the executors. */
    @Test void pretrainClonesABotWithSharedFitting() throws Exception {
        Path bots = IT_DIR.resolve("bots"), bc = IT_DIR.resolve("bc"), log = IT_DIR.resolve("submit-pretrain.log");
        assertEquals(0, LocalCluster.run(submit("record-bots", "--env", "CartPole-v1", "--episodes", "8", "--seed", "1",
                "--partitions", "2", "--out", bots.toString()), IT_DIR.resolve("submit-record-bots.log"), Duration.ofSeconds(180)));
        assertEquals(0, LocalCluster.run(submit("pretrain", "--data", bots.toString(), "--run", bc.toString(), "--epochs", "3",
                "--batch-size", "128", "--fit", "shared"), log, Duration.ofSeconds(300)), () -> "pretrain failed: see " + log);
        List<String> epochs = Files.readAllLines(bc.resolve("pretrain-metrics.csv"));
        double[] loss = epochs.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        assertTrue(loss[0] > loss[1] && loss[1] > loss[2], "the cloning loss falls epoch after epoch: " + epochs);
    }

    /**
     * The fitter driven from this JVM: the loss falls with updates shared between the executor JVMs, and a change the
     * driver makes to the network between fits (Pop-Art rescales the value head) reaches the executors.
     */
    @Test void sharedFittingPicksUpTheDriversParametersOnEveryFit() throws Exception {
        JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setMaster(cluster.masterUrl()).setAppName("DistributedFitIT")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.cores", "1").set("spark.cores.max", "2").set("spark.executor.memory", "1g")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (jsc.sc().getExecutorMemoryStatus().size() < 3 && System.nanoTime() < deadline) Thread.sleep(200);
            assertEquals(3, jsc.sc().getExecutorMemoryStatus().size(), "the driver and two executors");
            var net = new ActorCriticNet(new ActorCriticSpec(4, true, 2, new int[] {32, 32}), 1);
            net.policyLoss().setClipRange(Double.NaN);
            net.policyLoss().setEntCoef(0);
            net.valueLoss().setClipRange(Double.NaN);
            net.valueLoss().setVfCoef(0.5);
            List<MultiDataSet> train = cloningData(32, 64, 2);
            var fitter = new SparkGraphFitter(jsc, net.graph(), new Fitting("shared", 5, 1e-3, null), 64, new Adam(1e-3), 0.5);
            double before = meanScore(net, train);
            for (int epoch = 0; epoch < 5; epoch++) fitter.fit(train, 3e-3);
            double after = meanScore(net, train);
            assertTrue(after < 0.6 * before, "loss " + before + " -> " + after);
            net.graph().getLayer("value").getParam("b").assign(100);
            fitter.fit(train.subList(0, 4), 1e-9);
            // Not exactly 100: threshold encoding keeps residuals of earlier updates and sends them later.
            assertEquals(100, net.graph().getLayer("value").getParam("b").getDouble(0), 0.5, "the executors fitted the driver's network");
        } finally {
            jsc.stop();
        }
    }

    private static double meanScore(ActorCriticNet net, List<MultiDataSet> data) {
        double sum = 0;
        for (MultiDataSet m : data) sum += net.graph().score(m);
        return sum / data.size();
    }

    /** Minibatches of 4 Gaussian features labelled with action (x0 > 0) and value target x1, built with ND4J ops. */
    private static List<MultiDataSet> cloningData(int batches, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            INDArray obs = Nd4j.randn(DataType.FLOAT, size, 4);
            INDArray right = obs.getColumn(0).gt(0).castTo(DataType.FLOAT).reshape(size, 1), x1 = obs.getColumn(1).reshape(size, 1);
            INDArray policy = Nd4j.hstack(right.rsub(1), right, Nd4j.ones(DataType.FLOAT, size, 1), Nd4j.zeros(DataType.FLOAT, size, 1));
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {obs}, new INDArray[] {policy, Nd4j.hstack(x1, x1)}));
        }
        return out;
    }
}
