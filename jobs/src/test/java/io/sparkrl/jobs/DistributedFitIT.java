package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkrl.training.Agents;
import io.sparkrl.training.fit.Fitting;
import io.sparkrl.training.fit.SparkGraphFitter;
import io.sparkrl.training.onpolicy.ActorCriticNet;
import io.sparkrl.training.onpolicy.ActorCriticSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
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
 * Distributed fitting on a real standalone cluster (master, worker and two executor JVMs on 127.0.0.1, from
 * submit/local-cluster.sh): DL4J's SharedTrainingMaster with the parameter-server transport between JVMs. A PPO run
 * submitted through submit/sparkrl-submit.sh with --fit shared, and the fitter driven from this JVM.
 * Logs: jobs/target/it-distributed-fit/.
 */
class DistributedFitIT {
    private static final Path JOBS_JAR = Path.of(System.getProperty("sparkrl.jobs.jar")).toAbsolutePath();
    private static final Path SUBMIT_DIR = Path.of(System.getProperty("sparkrl.submit.dir")).toAbsolutePath();
    private static final Path LIB_DIR = Path.of(System.getProperty("sparkrl.lib.dir")).toAbsolutePath();
    private static final Path IT_DIR = JOBS_JAR.resolveSibling("it-distributed-fit");
    private static final Path CLUSTER_DIR = IT_DIR.resolve("cluster");
    private static String masterUrl;

    @BeforeAll static void startCluster() throws Exception {
        Files.createDirectories(IT_DIR);
        stopCluster(); // one an interrupted run may have left
        io.sparkrl.storage.TrainingRun.deleteRecursively(IT_DIR);
        Files.createDirectories(IT_DIR);
        Runtime.getRuntime().addShutdownHook(new Thread(DistributedFitIT::stopCluster));
        assertEquals(0, run(List.of(SUBMIT_DIR.resolve("local-cluster.sh").toString(), "start", "--state-dir", CLUSTER_DIR.toString(),
                "--cores", "2", "--memory", "3g", "--timeout", "60", "--owner-pid", String.valueOf(ProcessHandle.current().pid())),
                IT_DIR.resolve("cluster-start.log"), 90), "cluster start: see " + IT_DIR);
        Properties cluster = new Properties();
        try (Reader in = Files.newBufferedReader(CLUSTER_DIR.resolve("cluster.properties"))) {
            cluster.load(in);
        }
        masterUrl = cluster.getProperty("master_url");
    }

    @AfterAll static void stopCluster() {
        try {
            run(List.of(SUBMIT_DIR.resolve("local-cluster.sh").toString(), "stop", "--state-dir", CLUSTER_DIR.toString()),
                    IT_DIR.resolve("cluster-stop.log"), 60);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PPO on CartPole with gradient sharing between two executor JVMs, submitted as a user would. */
    @Test void ppoTrainsWithSharedFittingThroughSparkSubmit() throws Exception {
        Path runDir = IT_DIR.resolve("ppo-shared");
        Path log = IT_DIR.resolve("submit-train.log");
        int exit = run(List.of(SUBMIT_DIR.resolve("sparkrl-submit.sh").toString(), "--master", masterUrl, "--deploy-mode", "client",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--driver-memory", "1g", "--executor-memory", "1g", "--executor-cores", "1", "--total-executor-cores", "2",
                "train", "--env", "CartPole-v1", "--algo", "ppo", "--run", runDir.toString(), "--seed", "5", "--total-steps", "2048",
                "--partitions", "2", "--set", "n_envs=4", "--set", "n_steps=128", "--set", "batch_size=64", "--set", "n_epochs=4",
                "--checkpoint-every", "2", "--fit", "shared", "--no-plots"), log, 300);
        assertEquals(0, exit, () -> "train --fit shared failed: see " + log);
        assertTrue(Files.readString(log).contains("fitted on the executors (--fit shared)"), "see " + log);
        double[] before = DistributedFitTest.metric(runDir, "fit_loss_before"), after = DistributedFitTest.metric(runDir, "fit_loss_after");
        assertEquals(4, before.length, "4 iterations of 512 steps");
        int fell = 0;
        for (int i = 0; i < before.length; i++) if (after[i] < before[i]) fell++;
        assertTrue(fell >= 3, "the loss falls over each update's epochs: " + Arrays.toString(before) + " -> " + Arrays.toString(after));
        assertFalse(Arrays.equals(Agents.load(runDir.resolve("checkpoints/iter-000002")).params(),
                Agents.load(runDir.resolve("checkpoints/iter-000004")).params()), "the driver's model changed");
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", false)
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
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

    /**
     * The fitter driven from this JVM: the loss falls with updates shared between the executor JVMs, and a change the
     * driver makes to the network between fits (Pop-Art rescales the value head) reaches the executors.
     */
    @Test void sharedFittingPicksUpTheDriversParametersOnEveryFit() throws Exception {
        JavaSparkContext jsc = new JavaSparkContext(new SparkConf().setMaster(masterUrl).setAppName("DistributedFitIT")
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
            assertEquals(100, net.graph().getLayer("value").getParam("b").getDouble(0), 1e-2, "the executors fitted the driver's network");
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

    private static int run(List<String> command, Path log, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("SPARK_HOME");
        builder.environment().put("SPARKRL_JOBS_JAR", JOBS_JAR.toString());
        builder.environment().put("SPARKRL_LIB_DIR", LIB_DIR.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(command.get(0) + " still running after " + timeoutSeconds + " s: see " + log);
        }
        return process.exitValue();
    }
}
