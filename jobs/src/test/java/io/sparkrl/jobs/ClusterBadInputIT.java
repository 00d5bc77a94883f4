package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the cluster path, through submit/sparkrl-submit.sh (SparkSubmit, a driver JVM of its own): an
 * unreachable master, executors asking more memory than any worker offers (Spark alone would wait forever: "Initial
 * job has not accepted any resources"), executors that cannot load ND4J's native libraries, and executors that never
 * come (the cluster busy with another application). Each must end the driver with exit code 2 and one line naming the cause, no stack trace. Logs stay in
 * jobs/target/it-cluster-bad-input/.
 */
class ClusterBadInputIT {
  private static final Path IT_DIR = LocalCluster.JOBS_JAR.resolveSibling("it-cluster-bad-input");
  /** Far below the cluster's own waits: each failure must come from sparkrl's checks, not a timeout here. */
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void badClusterInputEndsWithOneLineAndExitCode2() throws Exception {
    // One worker offering 1 core and 1g.
    try (LocalCluster cluster = LocalCluster.start(IT_DIR, 1, 1, "1g")) {
      // An unreachable master: the port-1 master answers nothing.
      List<String> unreachable = List.of(LocalCluster.script("sparkrl-submit.sh"), "--master", "spark://127.0.0.1:1",
          "rollout", "--env", "CartPole-v1", "--episodes", "10", "--out", IT_DIR.resolve("unreachable").toString());
      assertBadInput(unreachable, "unreachable", "sparkrl rollout: cannot reach Spark master spark://127.0.0.1:1", "--master local[*]");
      assertFalse(Files.exists(IT_DIR.resolve("unreachable")));

      // Executors asking 4g of a cluster whose only worker has 1g: fails at once, naming asked and offered.
      List<String> tooBig = new ArrayList<>(cluster.submit("--executor-memory", "4g"));
      tooBig.addAll(List.of("rollout", "--env", "CartPole-v1", "--episodes", "10", "--out", IT_DIR.resolve("too-big").toString()));
      long t0 = System.nanoTime();
      assertBadInput(tooBig, "too-big", "can run an executor", "asks 4096 MB and 1 core", "offer 1024 MB and 1 core", "--executor-memory");
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos(), "the memory check should not wait for a timeout");
      // The same with the driver in this JVM (a notebook, a test): it returns 2 and stops its session, so the JVM
      // goes on and runs the next job.
      Cli here = Cli.run("rollout", "--env", "CartPole-v1", "--episodes", "10", "--master", cluster.masterUrl(),
          "--conf", "spark.executor.memory=4g", "--out", IT_DIR.resolve("too-big-here").toString());
      here.assertBadInput("asks 4096 MB and 1 core", "offer 1024 MB and 1 core");
      Cli next = Cli.run("rollout", "--env", "CartPole-v1", "--episodes", "10", "--master", "local[1]",
          "--out", IT_DIR.resolve("next").toString());
      assertEquals(0, next.code(), next::toString);
      assertTrue(Files.isRegularFile(IT_DIR.resolve("next/config.json")));

      // Executors that never come, here because another application holds the only core: the bounded wait ends it.
      List<String> holder = new ArrayList<>(cluster.submit("--executor-memory", "512m"));
      holder.addAll(List.of("rollout", "--env", "CartPole-v1", "--episodes", "2000000", "--out", IT_DIR.resolve("holder").toString()));
      Path holderLog = IT_DIR.resolve("holder.log");
      Process holding = LocalCluster.startProcess(holder, holderLog);
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (cluster.executorLogs().isEmpty()) {
          assertTrue(holding.isAlive() && System.nanoTime() < deadline, () -> "no executor for the holder: " + LocalCluster.logTail(holderLog));
          Thread.sleep(200);
        }
        List<String> busy = new ArrayList<>(cluster.submit("--executor-memory", "512m", "--conf", ClusterChecks.EXECUTOR_WAIT_KEY + "=5"));
        busy.addAll(List.of("rollout", "--env", "CartPole-v1", "--episodes", "10", "--out", IT_DIR.resolve("busy").toString()));
        assertBadInput(busy, "busy", "no executor registered with", "within 5 s", "asks 512 MB and 1 core", "workers offer 1024 MB and 1 core",
            ClusterChecks.EXECUTOR_WAIT_KEY);
      } finally {
        holding.descendants().forEach(ProcessHandle::destroyForcibly);
        holding.destroyForcibly();
        holding.waitFor();
      }

      // Executors that cannot load ND4J's natives (simulated: JavaCPP looks for another platform's libraries).
      Path run = IT_DIR.resolve("no-natives");
      List<String> noNatives = new ArrayList<>(cluster.submit("--executor-memory", "768m",
          "--conf", "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.platform=linux-arm64"));
      noNatives.addAll(List.of("train", "--env", "CartPole-v1", "--algo", "ppo", "--run", run.toString(), "--total-steps", "256",
          "--set", "n_envs=2", "--set", "n_steps=64", "--no-plots"));
      assertBadInput(noNatives, "no-natives", "executor 0 on 127.0.0.1 cannot load ND4J's native libraries", "UnsatisfiedLinkError",
          "--ship-lib");
      assertFalse(Files.exists(run), "a run the failed check created is removed, so the same command works once fixed");
    }
  }

  /** Runs {@code command}; asserts exit code 2, exactly one sparkrl line holding every {@code expected}, no stack trace. */
  private static void assertBadInput(List<String> command, String name, String... expected) throws Exception {
    Path log = IT_DIR.resolve(name + ".log");
    int exit = LocalCluster.run(command, log, SUBMIT_TIMEOUT);
    String output = Files.readString(log);
    assertEquals(2, exit, () -> name + ": exit code 2 expected: " + LocalCluster.logTail(log));
    List<String> lines = output.lines().filter(l -> l.startsWith("sparkrl")).toList();
    assertEquals(1, lines.size(), () -> name + ": one sparkrl line expected: " + output);
    for (String e : expected) assertTrue(lines.get(0).contains(e), () -> name + ": expected '" + e + "' in: " + lines.get(0));
    assertFalse(output.contains("\tat "), () -> name + ": stack trace printed: " + output);
  }
}
