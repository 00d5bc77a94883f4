package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkrl.training.Agents;
import io.sparkrl.training.offpolicy.DqnAgent;
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
 * Submits a rollout and a DQN training run through SparkSubmit (via submit/sparkrl-submit.sh) to a real
 * Spark standalone cluster: Master, Worker, executors and driver each in their own JVM, started by
 * submit/local-cluster.sh from the project's packaged jars, as a user would. Then checks the
 * episodes table holds every episode exactly once, and that the actors' segments reached the learner
 * (replay buffer, gradient steps) and the tables.
 *
 * <p>Everything it leaves behind for debugging is under jobs/target/it-standalone-cluster/: the
 * cluster's logs (cluster/logs/), executor logs (cluster/work/APP/EXECUTOR/stderr), submit.log, out/.
 */
class StandaloneClusterIT {

  private static final Path JOBS_JAR = requiredPath("sparkrl.jobs.jar");
  private static final Path LIB_DIR = requiredPath("sparkrl.lib.dir");
  private static final Path SUBMIT_DIR = requiredPath("sparkrl.submit.dir");
  private static final Path IT_DIR = JOBS_JAR.resolveSibling("it-standalone-cluster");
  private static final Path CLUSTER_DIR = IT_DIR.resolve("cluster");

  private static final int EPISODES = 40;
  private static final int PARTITIONS = 4;
  private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(180);

  private static List<String> rolloutArguments(Path out) {
    return List.of("rollout", "--env", "CartPole-v1", "--policy", "random", "--episodes", String.valueOf(EPISODES),
        "--partitions", String.valueOf(PARTITIONS), "--seed", "7", "--out", out.toString());
  }

  /** 2 actor partitions x 1 env x 64 steps per iteration, 8 iterations. */
  private static List<String> dqnArguments(Path run) {
    return List.of("train", "--env", "CartPole-v1", "--algo", "dqn", "--run", run.toString(), "--total-steps", "1024",
        "--seed", "3", "--partitions", "2", "--set", "n_envs=2", "--set", "train_freq=64", "--set", "learning_starts=256",
        "--set", "gradient_steps=16", "--set", "hidden=[32,32]", "--checkpoint-every", "4", "--no-plots");
  }

  @Test
  void rolloutAndDqnTrainingOnAStandaloneCluster() throws Exception {
    Files.createDirectories(IT_DIR);
    stopCluster(); // one an earlier, interrupted run may have left
    deleteRecursively(IT_DIR);
    Files.createDirectories(IT_DIR);
    Path out = IT_DIR.resolve("out");
    // The finally block stops the cluster; the hook covers a JVM ended early (Ctrl-C, failsafe
    // timeout), and local-cluster.sh's --owner-pid watchdog covers a JVM killed outright.
    Thread stopOnExit = new Thread(StandaloneClusterIT::stopCluster, "stop-local-cluster");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      Properties cluster = startCluster();
      List<String> submit = new ArrayList<>(List.of(script("sparkrl-submit.sh"),
          "--master", cluster.getProperty("master_url"), "--deploy-mode", "client",
          "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
          "--conf", "spark.ui.enabled=false",
          "--driver-memory", "1g", "--executor-memory", "1g", "--executor-cores", "1"));
      List<String> rollout = new ArrayList<>(submit);
      rollout.addAll(rolloutArguments(out));
      Path submitLog = IT_DIR.resolve("submit.log");
      assertEquals(0, run(rollout, submitLog, SUBMIT_TIMEOUT), () -> "spark-submit failed: " + logTail(submitLog));
      assertExecutorsRanOnTheWorkerWithJava17Flags();
      assertEveryEpisodeWrittenOnce(out.resolve("episodes"));

      List<String> train = new ArrayList<>(submit);
      Path dqnRun = IT_DIR.resolve("dqn");
      train.addAll(dqnArguments(dqnRun));
      Path trainLog = IT_DIR.resolve("submit-train.log");
      assertEquals(0, run(train, trainLog, SUBMIT_TIMEOUT), () -> "spark-submit train failed: " + logTail(trainLog));
      assertDqnLearnedFromEverySegment(dqnRun);
    } finally {
      stopCluster();
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }
  }

  private static Properties startCluster() throws IOException, InterruptedException {
    Path log = IT_DIR.resolve("cluster-start.log");
    int exit = run(List.of(script("local-cluster.sh"), "start", "--state-dir", CLUSTER_DIR.toString(),
        "--cores", "2", "--memory", "2g", "--timeout", "60",
        "--owner-pid", String.valueOf(ProcessHandle.current().pid())), log, CLUSTER_TIMEOUT);
    assertEquals(0, exit, () -> "local-cluster.sh start failed: " + logTail(log));
    Properties cluster = new Properties();
    try (Reader state = Files.newBufferedReader(CLUSTER_DIR.resolve("cluster.properties"))) {
      cluster.load(state);
    }
    return cluster;
  }

  private static void stopCluster() {
    try {
      run(List.of(script("local-cluster.sh"), "stop", "--state-dir", CLUSTER_DIR.toString()),
          IT_DIR.resolve("cluster-stop.log"), CLUSTER_TIMEOUT);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not stop the local cluster in " + CLUSTER_DIR, e);
    }
  }

  /** The worker writes each executor's command line at the top of its stderr. */
  private static void assertExecutorsRanOnTheWorkerWithJava17Flags() throws IOException {
    List<Path> executorLogs;
    try (Stream<Path> files = Files.walk(CLUSTER_DIR.resolve("work"))) {
      executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).collect(Collectors.toList());
    }
    assertFalse(executorLogs.isEmpty(), "no executor logs under " + CLUSTER_DIR.resolve("work"));
    for (Path executorLog : executorLogs) {
      String command = Files.readAllLines(executorLog).get(0);
      assertTrue(command.startsWith("Spark Executor Command:") && command.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"),
          () -> executorLog + " starts with no executor command carrying the Java 17 flags: " + command);
    }
  }

  private static void assertDqnLearnedFromEverySegment(Path run) throws IOException {
    var agent = (DqnAgent) Agents.load(
        run.resolve("checkpoints").resolve(Files.readString(run.resolve("checkpoints/LATEST")).trim()));
    assertEquals(1024, agent.envSteps());
    assertTrue(agent.replay().size() > 1000, "replay buffer holds the actors' steps: " + agent.replay().size());
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(9, metrics.size(), "a header and 8 iterations: " + metrics);
    int gradientSteps = List.of(metrics.get(0).split(",")).indexOf("gradient_steps");
    assertEquals("96.0", metrics.get(8).split(",")[gradientSteps], "16 gradient steps in each of the 6 iterations past learning_starts");
    SparkSession spark = localSession();
    try {
      assertEquals(1024, spark.read().parquet(run.resolve("steps").toString()).count(), "steps rows");
    } finally {
      spark.stop();
    }
  }

  private static SparkSession localSession() {
    return SparkSession.builder().master("local[1]").appName("StandaloneClusterIT-check")
        .config("spark.ui.enabled", false)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  private static void assertEveryEpisodeWrittenOnce(Path episodesTable) {
    SparkSession spark = localSession();
    try {
      Dataset<Row> episodes = spark.read().parquet(episodesTable.toString());
      List<Row> repeatedIds = episodes.groupBy("episode_id").count().where("count > 1").limit(5).collectAsList();
      assertEquals(List.of(), repeatedIds, "episode ids written more than once (id, times)");
      assertEquals(EPISODES, episodes.count(), "episodes in " + episodesTable);
      long stepRows = spark.read().parquet(episodesTable.resolveSibling("steps").toString()).count();
      assertEquals(episodes.selectExpr("sum(length)").first().getLong(0), stepRows, "steps rows vs episode lengths");
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs a submit/ script with its output in {@code log}; returns its exit code. A command still
   * running after {@code timeout} is killed with its child processes and fails the test.
   */
  private static int run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // The scripts would use a Spark distribution's spark-submit if SPARK_HOME were set: test the project's jars.
    env.remove("SPARK_HOME");
    env.put("SPARKRL_JOBS_JAR", JOBS_JAR.toString());
    env.put("SPARKRL_LIB_DIR", LIB_DIR.toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(command.get(0) + " " + command.get(1) + " still running after " + timeout + ": " + logTail(log));
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
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set: run this test through Maven (mvn verify)");
    }
    return Path.of(value).toAbsolutePath();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(path);
      }
    }
  }
}
