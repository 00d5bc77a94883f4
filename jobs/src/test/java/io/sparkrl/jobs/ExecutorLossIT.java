package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Kills one executor JVM ({@code kill -9}) in the middle of a rollout submitted to a real standalone cluster of two
 * workers, while it writes the steps table, and checks the job still succeeds with every episode exactly once: Spark
 * reruns the lost tasks (and recomputes the lost cached partitions) on the surviving or a relaunched executor,
 * RolloutJob's seeding makes the rerun play the same episodes, and the Parquet committer publishes only committed
 * task output. Then the same for a PPO run whose collection tasks lose their executor. Logs and output stay in
 * jobs/target/it-executor-loss/ (the last test's).
 */
class ExecutorLossIT {
  private static final Path IT_DIR = LocalCluster.JOBS_JAR.resolveSibling("it-executor-loss");
  private static final int EPISODES = 40_000;
  private static final int PARTITIONS = 8;
  private static final long SEED = 11;
  /** Job 0 (stage 0) plays and caches the episodes; job 1 (stage 1) writes the steps table: the kill lands there. */
  private static final int KILL_IN_STAGE = 1;
  private static final Pattern RUNNING_TASK = Pattern.compile("Running task \\S+ in stage (\\d+)\\.\\d+");
  private static final Duration WAIT_FOR_TASKS = Duration.ofSeconds(120);
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(180);

  @Test
  void killingAnExecutorMidRolloutLosesAndRepeatsNoEpisode() throws Exception {
    Path out = IT_DIR.resolve("out");
    Path log = IT_DIR.resolve("submit.log");
    // Two workers of one core each: two single-core executors, one of which dies.
    try (LocalCluster cluster = LocalCluster.start(IT_DIR, 2, 1, "1g")) {
      List<String> command = new ArrayList<>(cluster.submit(
          "--driver-memory", "1g", "--executor-memory", "768m", "--executor-cores", "1"));
      command.addAll(List.of("rollout", "--env", "CartPole-v1", "--policy", "random", "--episodes", String.valueOf(EPISODES),
          "--partitions", String.valueOf(PARTITIONS), "--seed", String.valueOf(SEED), "--out", out.toString()));
      Process submit = LocalCluster.startProcess(command, log);
      try {
        Path victim = awaitExecutorRunningStage(cluster, submit, log);
        Thread.sleep(1500); // into the task: the killed attempt has written part of its Parquet file
        long pid = LocalCluster.executorPid(victim).orElseThrow(() -> new AssertionError("no live executor JVM for " + victim));
        assertTrue(submit.isAlive() && !Files.exists(out), "the rollout finished before the kill: make it bigger");
        assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor(), "kill -9 " + pid);
        awaitExit(pid);
        int exit = LocalCluster.await(submit, command, log, SUBMIT_TIMEOUT);
        assertEquals(0, exit, () -> "the rollout failed after losing an executor: " + LocalCluster.logTail(log));
      } finally {
        submit.descendants().forEach(ProcessHandle::destroyForcibly);
        submit.destroyForcibly();
      }
      // The kill registered: the master launched a third executor in place of the dead one.
      assertTrue(cluster.executorLogs().size() >= 3, "executor logs: " + cluster.executorLogs());
    }
    assertEveryEpisodeExactlyOnce(out);
    try (Stream<Path> siblings = Files.list(IT_DIR)) {
      assertEquals(List.of(), siblings.filter(p -> p.getFileName().toString().startsWith(".out.tmp-")).toList(),
          "staging directory left beside the committed output");
    }
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().equals("_temporary")).toList(),
          "uncommitted task output left in the tables");
    }
  }

  /**
   * Kills one of two executors while a PPO run trains on the cluster (its collection tasks run there): the lost
   * tasks are rerun on the other or a relaunched executor, restoring their env slots from the collector states the
   * driver sent, and the run finishes with every iteration's steps exactly once.
   */
  @Test
  void killingAnExecutorMidTrainingLosesAndRepeatsNoStep() throws Exception {
    int iterations = 16, stepsPerIteration = 128;
    Path run = IT_DIR.resolve("run");
    Path log = IT_DIR.resolve("submit-train.log");
    try (LocalCluster cluster = LocalCluster.start(IT_DIR, 2, 1, "1g")) {
      List<String> command = new ArrayList<>(cluster.submit(
          "--driver-memory", "1g", "--executor-memory", "768m", "--executor-cores", "1"));
      command.addAll(List.of("train", "--env", "CartPole-v1", "--algo", "ppo", "--run", run.toString(),
          "--total-steps", String.valueOf(iterations * stepsPerIteration), "--seed", "3", "--partitions", "2",
          "--set", "n_envs=2", "--set", "n_steps=64", "--set", "n_epochs=1", "--checkpoint-every", "4", "--no-plots"));
      Process submit = LocalCluster.startProcess(command, log);
      try {
        long deadline = System.nanoTime() + WAIT_FOR_TASKS.toNanos();
        while (RunChecks.metricsIterations(run).size() < 5) {
          if (!submit.isAlive()) fail("train ended before the kill: " + LocalCluster.logTail(log));
          if (System.nanoTime() > deadline) fail("train ran no 5 iterations within " + WAIT_FOR_TASKS + ": " + LocalCluster.logTail(log));
          Thread.sleep(100);
        }
        List<Path> executors = cluster.executorLogs();
        assertEquals(2, executors.size(), "executors: " + executors);
        long pid = LocalCluster.executorPid(executors.get(0)).orElseThrow(() -> new AssertionError("no live executor JVM"));
        assertTrue(submit.isAlive() && RunChecks.metricsIterations(run).size() < iterations, "train finished before the kill");
        assertEquals(0, new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor(), "kill -9 " + pid);
        awaitExit(pid);
        int exit = LocalCluster.await(submit, command, log, SUBMIT_TIMEOUT);
        assertEquals(0, exit, () -> "train failed after losing an executor: " + LocalCluster.logTail(log));
      } finally {
        submit.descendants().forEach(ProcessHandle::destroyForcibly);
        submit.destroyForcibly();
      }
    }
    DriverKillIT.assertEveryIterationOnce(run, iterations, stepsPerIteration);
  }

  /** Waits until an executor log shows a task of {@link #KILL_IN_STAGE} (or later) running; returns that log. */
  private static Path awaitExecutorRunningStage(LocalCluster cluster, Process submit, Path log) throws Exception {
    long deadline = System.nanoTime() + WAIT_FOR_TASKS.toNanos();
    while (System.nanoTime() < deadline) {
      if (!submit.isAlive()) fail("the rollout ended before its executors ran stage " + KILL_IN_STAGE + ": " + LocalCluster.logTail(log));
      for (Path executorLog : cluster.executorLogs()) {
        Optional<String> line = lastRunningTask(executorLog);
        if (line.isPresent()) {
          Matcher m = RUNNING_TASK.matcher(line.get());
          if (m.find() && Integer.parseInt(m.group(1)) >= KILL_IN_STAGE) return executorLog;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no executor ran a task of stage " + KILL_IN_STAGE + " within " + WAIT_FOR_TASKS + ": "
        + LocalCluster.logTail(log));
  }

  private static Optional<String> lastRunningTask(Path executorLog) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(executorLog);
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty(); // being written
    }
    String last = null;
    for (String line : lines) if (line.contains("Running task")) last = line;
    return Optional.ofNullable(last);
  }

  private static void awaitExit(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) fail("executor " + pid + " still alive 10 s after kill -9");
      Thread.sleep(50);
    }
  }

  /**
   * Episode ids 0..N-1 each once with their seed; per episode, steps rows numbered 0..length-1 once each; global
   * step offsets contiguous in id order (a rerun task that played different episodes than the first pass counted
   * would break them).
   */
  private static void assertEveryEpisodeExactlyOnce(Path out) {
    SparkSession spark = LocalCluster.localSession("ExecutorLossIT-check");
    try {
      Dataset<Row> episodes = spark.read().parquet(out.resolve("episodes").toString());
      Dataset<Row> steps = spark.read().parquet(out.resolve("steps").toString());
      episodes.createOrReplaceTempView("episodes");
      steps.createOrReplaceTempView("steps");
      Row e = spark.sql("SELECT count(*), count(DISTINCT episode_id), min(episode_id), max(episode_id), "
          + "sum(CASE WHEN seed = " + SEED + " + episode_id THEN 0 ELSE 1 END), sum(length) FROM episodes").first();
      assertEquals(EPISODES, e.getLong(0), "episode rows");
      assertEquals(EPISODES, e.getLong(1), "distinct episode ids");
      assertEquals(0L, e.getLong(2));
      assertEquals(EPISODES - 1L, e.getLong(3));
      assertEquals(0L, e.getLong(4), "episodes whose seed is not seed + id");
      long totalSteps = e.getLong(5);
      Row s = spark.sql("SELECT count(*), count(DISTINCT episode_id, step) FROM steps").first();
      assertEquals(totalSteps, s.getLong(0), "steps rows vs the episodes' lengths");
      assertEquals(totalSteps, s.getLong(1), "distinct (episode_id, step) in the steps table");
      List<Row> wrongLength = spark.sql("SELECT e.episode_id, e.length, s.n, s.last FROM episodes e LEFT JOIN "
          + "(SELECT episode_id, count(*) n, max(step) last FROM steps GROUP BY episode_id) s ON e.episode_id = s.episode_id "
          + "WHERE s.n IS NULL OR s.n != e.length OR s.last != e.length - 1").limit(5).collectAsList();
      assertEquals(List.of(), wrongLength, "episodes whose steps rows do not number 0..length-1 (id, length, rows, last step)");
      List<Row> gaps = spark.sql("SELECT episode_id, start_global_step, expected FROM (SELECT episode_id, start_global_step, "
          + "coalesce(sum(length) OVER (ORDER BY episode_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) expected "
          + "FROM episodes) WHERE start_global_step != expected").limit(5).collectAsList();
      assertEquals(List.of(), gaps, "episodes whose start_global_step is not the sum of the earlier episodes' lengths");
      assertFalse(Files.exists(out.resolve("_temporary")));
    } finally {
      spark.stop();
    }
  }
}
