package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.training.Agents;
import io.sparkrl.training.offpolicy.DqnAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * cluster's logs (cluster/logs/), executor logs (cluster/work/worker1/APP/EXECUTOR/stderr), submit.log, out/.
 */
class StandaloneClusterIT {

  private static final Path IT_DIR = LocalCluster.JOBS_JAR.resolveSibling("it-standalone-cluster");

  private static final int EPISODES = 40;
  private static final int PARTITIONS = 4;
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
    Path out = IT_DIR.resolve("out");
    try (LocalCluster cluster = LocalCluster.start(IT_DIR, 1, 2, "2g")) {
      List<String> submit = cluster.submit("--driver-memory", "1g", "--executor-memory", "1g", "--executor-cores", "1");
      List<String> rollout = new ArrayList<>(submit);
      rollout.addAll(rolloutArguments(out));
      Path submitLog = IT_DIR.resolve("submit.log");
      assertEquals(0, LocalCluster.run(rollout, submitLog, SUBMIT_TIMEOUT), () -> "spark-submit failed: " + LocalCluster.logTail(submitLog));
      assertExecutorsRanOnTheWorkerWithJava17Flags(cluster);
      assertEveryEpisodeWrittenOnce(out.resolve("episodes"));

      List<String> train = new ArrayList<>(submit);
      Path dqnRun = IT_DIR.resolve("dqn");
      train.addAll(dqnArguments(dqnRun));
      Path trainLog = IT_DIR.resolve("submit-train.log");
      assertEquals(0, LocalCluster.run(train, trainLog, SUBMIT_TIMEOUT), () -> "spark-submit train failed: " + LocalCluster.logTail(trainLog));
      assertDqnLearnedFromEverySegment(dqnRun);
    }
  }

  /** The worker writes each executor's command line at the top of its stderr. */
  private static void assertExecutorsRanOnTheWorkerWithJava17Flags(LocalCluster cluster) throws IOException {
    List<Path> executorLogs = cluster.executorLogs();
    assertFalse(executorLogs.isEmpty(), "no executor logs under " + cluster.workDir());
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
    SparkSession spark = LocalCluster.localSession("StandaloneClusterIT-check");
    try {
      assertEquals(1024, spark.read().parquet(run.resolve("steps").toString()).count(), "steps rows");
    } finally {
      spark.stop();
    }
  }

  private static void assertEveryEpisodeWrittenOnce(Path episodesTable) {
    SparkSession spark = LocalCluster.localSession("StandaloneClusterIT-check");
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

}
