package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the driver (no shutdown hook runs, unlike TrainInterruptTest's SIGTERM): a train run killed
 * after a checkpoint, or before its first one, resumes with {@code train --run SAME} to exactly its iterations, each
 * once in the tables and metrics; a killed rollout leaves no output that looks complete. The driver is the sparkrl
 * CLI in its own JVM on {@code --master local[2]} (the driver's state, not the executors', is what is lost; local
 * keeps the test fast). Logs and runs stay in jobs/target/it-driver-kill/.
 */
class DriverKillIT {
  private static final Path IT_DIR = LocalCluster.JOBS_JAR.resolveSibling("it-driver-kill");
  /** PPO on CartPole: 4 envs x 32 steps per iteration. */
  private static final int STEPS_PER_ITERATION = 128;
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static List<String> train(Path run, int iterations, int checkpointEvery, String pipeline) throws IOException {
    return LocalCluster.sparkrlCommand("train", "--env", "CartPole-v1", "--algo", "ppo", "--run", run.toString(),
        "--total-steps", String.valueOf(iterations * STEPS_PER_ITERATION), "--seed", "5", "--set", "n_envs=4",
        "--set", "n_steps=32", "--set", "n_epochs=1", "--checkpoint-every", String.valueOf(checkpointEvery),
        "--pipeline", pipeline, "--no-plots", "--master", "local[2]");
  }

  @Test
  void trainKilledAfterACheckpointResumesWithEveryIterationOnce() throws Exception {
    int iterations = 30;
    Path dir = fresh("after-checkpoint");
    Path run = dir.resolve("run");
    // Killed once a checkpoint exists and two more iterations ran past it: those are redone on resume.
    killWhen(train(run, iterations, 3, "sync"), dir.resolve("train.log"), () -> {
      int latest = RunChecks.latestCheckpoint(run);
      return latest >= 3 && RunChecks.metricsIterations(run).size() >= latest + 2;
    });
    int latest = RunChecks.latestCheckpoint(run);
    assertTrue(latest >= 3 && latest < iterations - 2, "checkpoint at kill: " + latest);
    assertTrue(RunChecks.metricsIterations(run).size() > latest, "metrics rows past the checkpoint: " + RunChecks.metricsIterations(run));
    // A kill between a checkpoint's compaction and its checkpoint leaves table files past LATEST: plant one.
    Path planted = run.resolve(String.format("steps/part-i%06d-%06d-0.parquet", latest + 1, latest + 1));
    Files.copy(run.resolve("steps/part-i000000-000002-0.parquet"), planted);
    // And a killed writer leaves its uncommitted file, and killed actors their segments: plant those too.
    Path uncommitted = run.resolve("steps/.part-i000099-000099-0.parquet.inprogress-killed");
    Files.copy(run.resolve("steps/part-i000000-000002-0.parquet"), uncommitted);
    Path segment = run.resolve(String.format("segments/steps/part-i%06d-a000.parquet", latest + 1));
    Files.createDirectories(segment.getParent());
    Files.copy(run.resolve("steps/part-i000000-000002-0.parquet"), segment, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    // One more iteration: the tables end where the learner does (nothing ahead of it).
    Path log = dir.resolve("resume-one.log");
    List<String> one = LocalCluster.sparkrlCommand("train", "--run", run.toString(), "--max-iterations", "1", "--no-plots",
        "--master", "local[2]");
    assertEquals(0, LocalCluster.run(one, log, WAIT), () -> LocalCluster.logTail(log));
    assertEquals(latest + 1, RunChecks.latestCheckpoint(run));
    assertEquals(IntStream.range(0, latest + 1).boxed().toList(), iterationsInFiles(run.resolve("steps")), "steps files");
    assertFalse(Files.exists(uncommitted), "a killed writer's file is left in the table");
    assertFalse(Files.exists(segment), "a segment past the checkpoint is left");
    assertEquals(IntStream.range(0, latest + 1).boxed().toList(), RunChecks.metricsIterations(run), "metrics.csv iterations");
    resumeAndCheck(dir, run, iterations);
  }

  @Test
  void trainKilledBeforeItsFirstCheckpointStartsOverCleanly() throws Exception {
    int iterations = 12;
    Path dir = fresh("before-checkpoint");
    Path run = dir.resolve("run");
    // A stream learner killed with its actors mid-run (segments written past what it applied): the resume, in sync
    // mode, drops them and starts over.
    killWhen(train(run, iterations, 10, "stream"), dir.resolve("train.log"), () -> RunChecks.metricsIterations(run).size() >= 3);
    assertEquals(-1, RunChecks.latestCheckpoint(run), "no checkpoint expected before the kill");
    resumeAndCheck(dir, run, iterations);
  }

  @Test
  void rolloutKilledLeavesNoOutputThatLooksComplete() throws Exception {
    Path dir = fresh("rollout");
    Path out = dir.resolve("out");
    List<String> rollout = LocalCluster.sparkrlCommand("rollout", "--env", "CartPole-v1", "--episodes", "200000",
        "--partitions", "4", "--out", out.toString(), "--master", "local[2]");
    // Killed while it writes: the staging directory already holds part of the steps table.
    killWhen(rollout, dir.resolve("rollout.log"), () -> staging(dir).map(s -> Files.isDirectory(s.resolve("steps"))).orElse(false));
    assertFalse(Files.exists(out), "a killed rollout left " + out + ", which looks like a finished run");
    assertTrue(staging(dir).isPresent(), "the hidden staging directory is what a killed rollout leaves");
    // The same --out works afterwards.
    List<String> again = LocalCluster.sparkrlCommand("rollout", "--env", "CartPole-v1", "--episodes", "100",
        "--partitions", "2", "--out", out.toString(), "--master", "local[2]");
    Path log = dir.resolve("rollout-again.log");
    assertEquals(0, LocalCluster.run(again, log, WAIT), () -> LocalCluster.logTail(log));
    assertTrue(Files.isRegularFile(out.resolve("config.json")));
  }

  private static java.util.Optional<Path> staging(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".out.tmp-")).findFirst();
    }
  }

  /** Starts {@code command}, waits (bounded) until {@code condition}, then kill -9s it and waits for it to be gone. */
  private static void killWhen(List<String> command, Path log, IoCondition condition) throws Exception {
    Process process = LocalCluster.startProcess(command, log);
    try {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!condition.holds()) {
        if (!process.isAlive()) fail("ended (exit " + process.exitValue() + ") before the kill: " + LocalCluster.logTail(log));
        if (System.nanoTime() > deadline) fail("not ready to kill within " + WAIT + ": " + LocalCluster.logTail(log));
        Thread.sleep(20);
      }
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
      assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "still alive after SIGKILL");
      assertEquals(137, process.exitValue(), "exit status of a SIGKILLed JVM");
    } finally {
      process.destroyForcibly();
    }
  }

  @FunctionalInterface
  private interface IoCondition {
    boolean holds() throws IOException;
  }

  /** Resumes the run to its n_timesteps and checks it with {@link #assertEveryIterationOnce}. */
  private static void resumeAndCheck(Path dir, Path run, int iterations) throws Exception {
    Path log = dir.resolve("resume.log");
    List<String> resume = LocalCluster.sparkrlCommand("train", "--run", run.toString(), "--no-plots", "--master", "local[2]");
    assertEquals(0, LocalCluster.run(resume, log, Duration.ofSeconds(180)), () -> "resume failed: " + LocalCluster.logTail(log));
    assertEveryIterationOnce(run, iterations, STEPS_PER_ITERATION);
  }

  /** {@link RunChecks#assertEveryIterationOnce}, in a local session of its own. */
  static void assertEveryIterationOnce(Path run, int iterations, int stepsPerIteration) throws Exception {
    SparkSession spark = LocalCluster.localSession("DriverKillIT-check");
    try {
      RunChecks.assertEveryIterationOnce(spark, run, iterations, stepsPerIteration);
    } finally {
      spark.stop();
    }
  }

  /** The iterations the compacted files of a table directory cover ({@code part-iFIRST-LAST-K.parquet}), sorted. */
  private static List<Integer> iterationsInFiles(Path table) throws IOException {
    java.util.regex.Pattern name = java.util.regex.Pattern.compile("part-i(\\d+)-(\\d+)-\\d+\\.parquet");
    try (Stream<Path> files = Files.list(table)) {
      return files.map(p -> name.matcher(p.getFileName().toString())).filter(java.util.regex.Matcher::matches)
          .flatMap(m -> IntStream.rangeClosed(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).boxed())
          .sorted().toList();
    }
  }


  private static Path fresh(String name) throws IOException {
    Path dir = IT_DIR.resolve(name);
    LocalCluster.deleteRecursively(dir);
    Files.createDirectories(dir);
    return dir;
  }
}
