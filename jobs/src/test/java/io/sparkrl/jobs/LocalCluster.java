package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A real Spark standalone cluster for the integration tests (*IT): master and workers started by
 * submit/local-cluster.sh from the packaged jars, jobs submitted through submit/sparkrl-submit.sh, each in its own JVM.
 * {@link #close()} stops it; so does a shutdown hook (failsafe timeout, Ctrl-C) and local-cluster.sh's
 * {@code --owner-pid} watchdog (a test JVM killed outright). Also the process helpers those tests share.
 */
final class LocalCluster implements AutoCloseable {
  static final Path JOBS_JAR = requiredPath("sparkrl.jobs.jar");
  static final Path LIB_DIR = requiredPath("sparkrl.lib.dir");
  static final Path SUBMIT_DIR = requiredPath("sparkrl.submit.dir");
  static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(90);

  private final Path stateDir;
  private final Path logDir;
  private final Properties state;
  private final Thread stopOnExit;

  private LocalCluster(Path stateDir, Path logDir, Properties state, Thread stopOnExit) {
    this.stateDir = stateDir;
    this.logDir = logDir;
    this.state = state;
    this.stopOnExit = stopOnExit;
  }

  /**
   * Starts a master and {@code workers} workers (each offering {@code cores} cores and {@code memory}) with their
   * state, logs and work dirs in {@code itDir/cluster}, after stopping a cluster an interrupted run may have left
   * there and emptying {@code itDir} (the test's own directory for logs and outputs).
   */
  static LocalCluster start(Path itDir, int workers, int cores, String memory) throws IOException, InterruptedException {
    Path logDir = itDir;
    Path stateDir = itDir.resolve("cluster");
    Files.createDirectories(stateDir);
    stop(stateDir, logDir);
    deleteRecursively(itDir);
    Files.createDirectories(itDir);
    Thread hook = new Thread(() -> stop(stateDir, logDir), "stop-local-cluster");
    Runtime.getRuntime().addShutdownHook(hook);
    Path log = logDir.resolve("cluster-start.log");
    int exit = run(List.of(script("local-cluster.sh"), "start", "--state-dir", stateDir.toString(),
        "--workers", String.valueOf(workers), "--cores", String.valueOf(cores), "--memory", memory, "--timeout", "60",
        "--owner-pid", String.valueOf(ProcessHandle.current().pid())), log, CLUSTER_TIMEOUT);
    if (exit != 0) {
      stop(stateDir, logDir);
      Runtime.getRuntime().removeShutdownHook(hook);
      assertEquals(0, exit, () -> "local-cluster.sh start failed: " + logTail(log));
    }
    Properties state = new Properties();
    try (Reader in = Files.newBufferedReader(stateDir.resolve("cluster.properties"))) {
      state.load(in);
    }
    return new LocalCluster(stateDir, logDir, state, hook);
  }

  String masterUrl() { return state.getProperty("master_url"); }

  Path stateDir() { return stateDir; }

  /** Where the workers run executors: {@code workerI/APP/EXECUTOR/{stderr,stdout}}. */
  Path workDir() { return stateDir.resolve("work"); }

  /** {@code sparkrl-submit.sh} in client mode against this cluster, driver on loopback, with {@code sparkOptions}. */
  List<String> submit(String... sparkOptions) {
    List<String> command = new ArrayList<>(List.of(script("sparkrl-submit.sh"),
        "--master", masterUrl(), "--deploy-mode", "client",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false"));
    command.addAll(List.of(sparkOptions));
    return command;
  }

  /** Every executor's stderr under the work dir (the worker writes the executor's command line at its top). */
  List<Path> executorLogs() throws IOException {
    if (!Files.isDirectory(workDir())) return List.of();
    try (Stream<Path> files = Files.walk(workDir())) {
      return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().collect(Collectors.toList());
    }
  }

  /**
   * The pid of the live executor JVM whose log is {@code stderr} ({@code .../APP/EXECUTOR/stderr}): the
   * CoarseGrainedExecutorBackend process with that app and executor id on its command line.
   */
  static Optional<Long> executorPid(Path stderr) throws IOException {
    String executorId = stderr.getParent().getFileName().toString();
    String appId = stderr.getParent().getParent().getFileName().toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).collect(Collectors.toList())) {
        List<String> args;
        try {
          args = List.of(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
        } catch (IOException gone) {
          continue;
        }
        int exec = args.indexOf("--executor-id"), app = args.indexOf("--app-id");
        if (args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") && exec >= 0 && app >= 0
            && exec + 1 < args.size() && app + 1 < args.size()
            && args.get(exec + 1).equals(executorId) && args.get(app + 1).equals(appId))
          return Optional.of(Long.parseLong(proc.getFileName().toString()));
      }
    }
    return Optional.empty();
  }

  @Override public void close() {
    try {
      stop(stateDir, logDir);
    } finally {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }
  }

  private static void stop(Path stateDir, Path logDir) {
    try {
      run(List.of(script("local-cluster.sh"), "stop", "--state-dir", stateDir.toString()),
          logDir.resolve("cluster-stop.log"), CLUSTER_TIMEOUT);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not stop the local cluster in " + stateDir, e);
    }
  }

  /** A local session in the test JVM, to read what a job wrote. */
  static SparkSession localSession(String appName) {
    return SparkSession.builder().master("local[1]").appName(appName)
        .config("spark.ui.enabled", false)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  /** Starts a submit/ script (or any command) with the environment the scripts need and its output in {@code log}. */
  static Process startProcess(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // The scripts would use a Spark distribution's spark-submit if SPARK_HOME were set: test the project's jars.
    env.remove("SPARK_HOME");
    env.put("SPARKRL_JOBS_JAR", JOBS_JAR.toString());
    env.put("SPARKRL_LIB_DIR", LIB_DIR.toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("OMP_NUM_THREADS", "1");
    return builder.start();
  }

  /**
   * Runs a command with its output in {@code log}; returns its exit code. A command still running after
   * {@code timeout} is killed with its child processes and fails the test.
   */
  static int run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
    Process process = startProcess(command, log);
    return await(process, command, log, timeout);
  }

  /** Waits for {@code process} at most {@code timeout}; kills it (and its children) and fails the test if it is still running. */
  static int await(Process process, List<String> command, Path log, Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail(command.get(0) + " " + (command.size() > 1 ? command.get(1) : "") + " still running after " + timeout + ": " + logTail(log));
    }
    return process.exitValue();
  }

  /** {@code java <Java 17 flags> -cp jobs.jar:lib/* SparkRl ARGS}: the sparkrl CLI in its own JVM, as ./sparkrl runs it. */
  static List<String> sparkrlCommand(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(Files.readString(JOBS_JAR.resolveSibling("java17.args")).trim().split("\\s+")));
    command.addAll(List.of("-Xmx1g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        "-cp", JOBS_JAR + ":" + LIB_DIR + "/*", "io.sparkrl.jobs.cli.SparkRl"));
    command.addAll(List.of(args));
    return command;
  }

  static String script(String name) {
    return SUBMIT_DIR.resolve(name).toString();
  }

  static String logTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return "see " + log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "see " + log + " (unreadable: " + e.getMessage() + ")";
    }
  }

  static Path requiredPath(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set: run this test through Maven (mvn verify)");
    }
    return Path.of(value).toAbsolutePath();
  }

  static void deleteRecursively(Path dir) throws IOException {
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
