package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Runs the Airflow DAG's tasks (submit/airflow/sparkrl_daily.py) as Airflow would: the exact command lines the DAG
 * renders for one date (obtained from submit/airflow/render_commands.py), each with bash, in the DAG's order, with tiny
 * settings on CartPole-v1 in local[2] through spark-submit. Then checks what each task leaves in the day's run
 * directory. Skipped only where python3 is missing.
 *
 * <p>Left for debugging under jobs/target/it-airflow/: render.log, TASK.log per task, runs/2026-11-22/.
 */
class AirflowDagIT {

    private static final Path JOBS_JAR = LocalCluster.JOBS_JAR, LIB_DIR = LocalCluster.LIB_DIR, SUBMIT_DIR = LocalCluster.SUBMIT_DIR;
    private static final Path IT_DIR = JOBS_JAR.resolveSibling("it-airflow");
    private static final String DS = "2026-11-22";
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(150);
    private static final List<String> TASKS = List.of("record_bots", "pretrain", "train", "evaluate", "plot");

    @Test
    void theDagsCommandsRunInOrderAndLeaveTheDaysRun() throws Exception {
        assumeTrue(python3Available(), "python3 not found: the DAG's commands cannot be rendered");
        LocalCluster.deleteRecursively(IT_DIR);
        Path base = Files.createDirectories(IT_DIR.resolve("runs"));
        Path render = IT_DIR.resolve("render.log");
        List<String> renderCommand = List.of("python3", SUBMIT_DIR.resolve("airflow/render_commands.py").toString(),
                "--ds", DS, "--task-ids",
                "--home", SUBMIT_DIR.getParent().toString(),
                "--base-dir", base.toString(),
                "--master", "local[2]",
                "--submit-args", "--driver-memory 1g --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1"
                        + " --conf spark.driver.bindAddress=127.0.0.1",
                "--env", "CartPole-v1", "--algo", "ppo", "--steps", "512", "--partitions", "2",
                "--bot-episodes", "6", "--bot-epsilon", "0.1", "--pretrain-epochs", "1", "--eval-episodes", "3",
                "--train-args", "--set n_envs=2 --set n_steps=128 --set n_epochs=1 --set batch_size=64");
        assertEquals(0, run(renderCommand, render, Duration.ofSeconds(30)), () -> "render_commands.py failed: " + LocalCluster.logTail(render));
        List<String[]> rendered = Files.readAllLines(render).stream().map(line -> line.split("\t", 2)).toList();
        assertEquals(TASKS, rendered.stream().map(task -> task[0]).toList(), "the DAG's tasks in order");

        Path workDir = Files.createDirectories(IT_DIR.resolve("cwd")); // BashOperator runs in a temporary directory
        for (String[] task : rendered) {
            Path log = IT_DIR.resolve(task[0] + ".log");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", task[1]).directory(workDir.toFile());
            long start = System.nanoTime();
            int exit = run(builder, log, TASK_TIMEOUT);
            String took = String.format("%.0f s", (System.nanoTime() - start) / 1e9);
            Files.writeString(log, "\n[AirflowDagIT] " + task[0] + " exit " + exit + " after " + took + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            assertEquals(0, exit, () -> "task " + task[0] + " failed: " + LocalCluster.logTail(log));
        }

        Path day = base.resolve(DS);
        SparkSession spark = SparkSession.builder().master("local[1]").appName("AirflowDagIT-check")
                .config("spark.ui.enabled", false).config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            assertEquals(6, spark.read().parquet(day.resolve("bots/episodes").toString()).count(), "record_bots: episodes");
            long botSteps = spark.read().parquet(day.resolve("bots/steps").toString()).count();
            assertTrue(botSteps > 6 * 50, "record_bots: the balancing bot's steps: " + botSteps);
            assertEquals(512, spark.read().parquet(day.resolve("train/steps").toString()).count(), "train: steps");
        } finally {
            spark.stop();
        }
        assertTrue(Files.isRegularFile(day.resolve("pretrain/checkpoints/LATEST")), "pretrain: a checkpoint");
        assertTrue(Files.isRegularFile(day.resolve("train/checkpoints/LATEST")), "train: a checkpoint");
        JsonNode config = new ObjectMapper().readTree(day.resolve("train/config.json").toFile());
        assertEquals(day.resolve("pretrain").toString(), config.get("init_from").asText(), "train: fine-tunes the clone");
        assertEquals(20261122, config.get("seed").asLong(), "train: the day's seed");

        JsonNode summary = new ObjectMapper().readTree(day.resolve("evaluation.json").toFile());
        assertEquals(3, summary.get("episodes").asInt(), "evaluate: " + summary);
        assertEquals(512, summary.get("env_steps").asLong(), "evaluate: the trained checkpoint");
        assertTrue(summary.get("mean_return").asDouble() > 0, "evaluate: " + summary);

        for (String png : List.of("return_vs_steps.png", "losses.png")) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(day.resolve("train").resolve(png)), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, "plot: " + png);
        }
    }

    private static boolean python3Available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), log, timeout);
    }

    /** Runs with output in {@code log}; a command still running after {@code timeout} is killed and fails the test. */
    private static int run(ProcessBuilder builder, Path log, Duration timeout) throws IOException, InterruptedException {
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("SPARK_HOME"); // test the project's own jars, not a Spark distribution's spark-submit
        env.put("SPARKRL_JOBS_JAR", JOBS_JAR.toString());
        env.put("SPARKRL_LIB_DIR", LIB_DIR.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("task still running after " + timeout + ": " + LocalCluster.logTail(log));
        }
        return process.exitValue();
    }
}
