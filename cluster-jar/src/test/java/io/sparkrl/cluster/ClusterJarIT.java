package io.sparkrl.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Submits the cluster jar (target/sparkrl-jobs-cluster.jar) with {@code sparkrl-submit.sh --cluster-jar} to a real
 * standalone cluster (submit/local-cluster.sh start --spark-jars-only) whose driver and executors have Spark's jars
 * only, as on a plain Spark installation: every sparkrl, DL4J, ND4J and JavaCPP class and native they use comes from the
 * cluster jar. A rollout (Parquet from the executors), then a small PPO run (ND4J's backend, found through the merged
 * META-INF/services, on the driver and on the executors).
 *
 * <p>Left for debugging under target/it-cluster-jar/: cluster/logs/, executors' cluster/work/APP/EXECUTOR/stderr,
 * rollout.log, train.log, out/.
 */
class ClusterJarIT {

    private static final Path CLUSTER_JAR = requiredPath("sparkrl.cluster.jar");
    private static final Path LIB_DIR = requiredPath("sparkrl.lib.dir");
    private static final Path SUBMIT_DIR = requiredPath("sparkrl.submit.dir");
    private static final Path IT_DIR = CLUSTER_JAR.resolveSibling("it-cluster-jar");
    private static final Path CLUSTER_DIR = IT_DIR.resolve("cluster");
    private static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final int EPISODES = 12;

    @Test
    void theClusterJarRunsOnExecutorsThatHaveSparksJarsOnly() throws Exception {
        Files.createDirectories(IT_DIR);
        stopCluster();
        deleteRecursively(IT_DIR);
        Files.createDirectories(IT_DIR);
        Thread stopOnExit = new Thread(ClusterJarIT::stopCluster, "stop-local-cluster");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            Properties cluster = startCluster();
            assertSparkHomeHasSparksJarsOnly();
            List<String> submit = List.of(script("sparkrl-submit.sh"), "--cluster-jar",
                    "--master", cluster.getProperty("master_url"), "--deploy-mode", "client",
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.ui.enabled=false", "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
                    "--driver-memory", "1g", "--executor-memory", "1g", "--executor-cores", "1", "--total-executor-cores", "1");

            Path out = IT_DIR.resolve("out");
            List<String> rollout = new ArrayList<>(submit);
            rollout.addAll(List.of("rollout", "--env", "CartPole-v1", "--policy", "random", "--episodes", String.valueOf(EPISODES),
                    "--partitions", "2", "--seed", "5", "--out", out.toString()));
            Path rolloutLog = IT_DIR.resolve("rollout.log");
            assertEquals(0, run(rollout, rolloutLog), () -> "rollout with the cluster jar failed: " + logTail(rolloutLog));
            assertExecutorsLoadedTheClusterJar();

            // 2 partitions x 1 env x 64 steps per iteration, 2 iterations: the policy network acts on the executor.
            Path ppo = IT_DIR.resolve("ppo");
            List<String> train = new ArrayList<>(submit);
            train.addAll(List.of("train", "--env", "CartPole-v1", "--algo", "ppo", "--run", ppo.toString(), "--total-steps", "256",
                    "--seed", "2", "--partitions", "2", "--set", "n_envs=2", "--set", "n_steps=64", "--set", "n_epochs=1",
                    "--set", "batch_size=64", "--no-plots"));
            Path trainLog = IT_DIR.resolve("train.log");
            assertEquals(0, run(train, trainLog), () -> "train with the cluster jar failed: " + logTail(trainLog));
            assertTrue(Files.readString(trainLog).contains("learner: ppo"), "ND4J built the learner on the driver: " + logTail(trainLog));
            assertTrue(Files.isRegularFile(ppo.resolve("checkpoints/LATEST")), "a checkpoint");

            SparkSession spark = SparkSession.builder().master("local[1]").appName("ClusterJarIT-check")
                    .config("spark.ui.enabled", false).config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
            try {
                Dataset<Row> episodes = spark.read().parquet(out.resolve("episodes").toString());
                assertEquals(EPISODES, episodes.count(), "episodes");
                assertEquals(EPISODES, episodes.select("episode_id").distinct().count(), "distinct episode ids");
                assertEquals(episodes.selectExpr("sum(length)").first().getLong(0),
                        spark.read().parquet(out.resolve("steps").toString()).count(), "steps rows vs episode lengths");
                Dataset<Row> steps = spark.read().parquet(ppo.resolve("steps").toString());
                assertEquals(256, steps.count(), "train steps");
                assertTrue(steps.where("log_prob IS NOT NULL AND log_prob < 0").count() == 256,
                        "every step acted by the policy network (a log-probability)");
            } finally {
                spark.stop();
            }
        } finally {
            stopCluster();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private static void assertSparkHomeHasSparksJarsOnly() throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(CLUSTER_DIR.resolve("spark-home/jars"))) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("spark-core_")), "Spark itself: " + jars);
        for (String ours : List.of("sparkrl-", "nd4j-", "deeplearning4j-", "javacpp-", "openblas-", "picocli-", "ale-"))
            assertFalse(jars.stream().anyMatch(j -> j.startsWith(ours)), ours + "* in the executors' Spark jars: " + jars);
    }

    /** The worker writes each executor's command line at the top of its stderr; the executor then fetches the app jar. */
    private static void assertExecutorsLoadedTheClusterJar() throws IOException {
        List<Path> executorLogs;
        try (Stream<Path> files = Files.walk(CLUSTER_DIR.resolve("work"))) {
            executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).collect(Collectors.toList());
        }
        assertFalse(executorLogs.isEmpty(), "no executor logs under " + CLUSTER_DIR.resolve("work"));
        for (Path executorLog : executorLogs) {
            String log = Files.readString(executorLog);
            String command = log.lines().findFirst().orElse("");
            assertFalse(command.contains(LIB_DIR.toString()), "executor classpath with the thin build's lib/: " + command);
            assertTrue(log.contains("sparkrl-jobs-cluster.jar"), executorLog + " never fetched the cluster jar");
        }
    }

    private static Properties startCluster() throws IOException, InterruptedException {
        Path log = IT_DIR.resolve("cluster-start.log");
        int exit = run(List.of(script("local-cluster.sh"), "start", "--spark-jars-only", "--state-dir", CLUSTER_DIR.toString(),
                "--cores", "1", "--memory", "2g", "--timeout", "60",
                "--owner-pid", String.valueOf(ProcessHandle.current().pid())), log);
        assertEquals(0, exit, () -> "local-cluster.sh start --spark-jars-only failed: " + logTail(log));
        Properties cluster = new Properties();
        try (Reader state = Files.newBufferedReader(CLUSTER_DIR.resolve("cluster.properties"))) {
            cluster.load(state);
        }
        return cluster;
    }

    private static void stopCluster() {
        try {
            run(List.of(script("local-cluster.sh"), "stop", "--state-dir", CLUSTER_DIR.toString()), IT_DIR.resolve("cluster-stop.log"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not stop the local cluster in " + CLUSTER_DIR, e);
        }
    }

    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("SPARK_HOME"); // the project's own Spark jars, not a distribution's spark-submit
        env.put("SPARKRL_CLUSTER_JAR", CLUSTER_JAR.toString());
        env.put("SPARKRL_LIB_DIR", LIB_DIR.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(command.get(0) + " still running after " + TIMEOUT + ": " + logTail(log));
        }
        return process.exitValue();
    }

    private static String script(String name) {
        return SUBMIT_DIR.resolve(name).toString();
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "see " + log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "see " + log + " (unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null)
            throw new IllegalStateException("system property " + property + " is not set: run this test through Maven (mvn verify)");
        return Path.of(value).toAbsolutePath();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(path);
        }
    }
}
