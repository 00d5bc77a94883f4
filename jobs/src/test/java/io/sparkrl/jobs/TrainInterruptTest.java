package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.jobs.cli.SparkRl;
import io.sparkrl.training.Agents;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop signal (Ctrl-C's SIGINT or SIGTERM) during `train` leaves a checkpoint covering every iteration that ran, and the run resumes. */
class TrainInterruptTest {
    @TempDir Path tmp;

    @Test void interruptedTrainingCheckpointsAndResumes() throws Exception {
        Path run = tmp.resolve("run");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:") || a.startsWith("-Djdk")).toList());
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), SparkRl.class.getName(),
                "train", "--env", "CartPole-v1", "--algo", "ppo", "--run", run.toString(), "--total-steps", "1000000",
                "--set", "n_envs=4", "--set", "n_steps=32", "--set", "n_epochs=1", "--checkpoint-every", "1000",
                "--no-plots", "--master", "local[2]"));
        Path log = tmp.resolve("train.log");
        Process train = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path metrics = run.resolve("metrics.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(metrics) && Files.readAllLines(metrics).size() > 6) && train.isAlive() && System.nanoTime() < deadline)
            Thread.sleep(200);
        assertTrue(train.isAlive(), "train ended early: " + Files.readString(log));
        // SIGTERM takes the JVM's shutdown path exactly as Ctrl-C's SIGINT does; SIGINT itself would be a no-op when
        // the test runs under a shell's background job (those start with SIGINT ignored, and the JVM keeps it so).
        new ProcessBuilder("kill", "-TERM", String.valueOf(train.pid())).start().waitFor();
        assertTrue(train.waitFor(120, TimeUnit.SECONDS), "train did not stop after SIGTERM: " + Files.readString(log));

        int iterations = Files.readAllLines(metrics).size() - 1;
        String latest = Files.readString(run.resolve("checkpoints/LATEST")).trim();
        assertEquals(String.format("iter-%06d", iterations), latest, Files.readString(log));
        assertEquals(iterations * 128L, Agents.load(run.resolve("checkpoints").resolve(latest)).envSteps());
        assertTrue(Files.isRegularFile(run.resolve(String.format("steps/part-i%06d-%06d-0.parquet", 0, iterations - 1))),
                "the steps of iterations 0..N-1 not compacted into one file");

        Cli resumed = Cli.run("train", "--run", run.toString(), "--max-iterations", "2", "--no-plots", "--master", "local[2]");
        assertEquals(0, resumed.code(), resumed.toString());
        assertEquals(String.format("iter-%06d", iterations + 2), Files.readString(run.resolve("checkpoints/LATEST")).trim());
        assertEquals(iterations + 3, Files.readAllLines(metrics).size());
    }
}
