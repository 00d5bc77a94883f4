package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --pipeline stream}: long-running actors hand segments to the learner over its channel while it updates.
 * Runs are not bit-exact (which policy collected a segment depends on timing), so these tests check what must hold
 * whatever the timing: learning, every iteration's segments applied and stored once (across a stop and a resume too),
 * the lag bound, and the bad inputs.
 */
class StreamPipelineTest {
    @TempDir static Path tmp;
    static SparkSession spark;

    @BeforeAll static void session() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() { spark.stop(); }

    private static List<Row> sql(Path run, String query) {
        spark.read().parquet(run.resolve("episodes").toString()).createOrReplaceTempView("episodes");
        spark.read().parquet(run.resolve("steps").toString()).createOrReplaceTempView("steps");
        return spark.sql(query).collectAsList();
    }

    @Test void ppoLearnsCartPoleWithActorsAtMostOneUpdateBehind() throws Exception {
        Path run = tmp.resolve("ppo");
        Cli c = Cli.train(run, "--env", "CartPole-v1", "--algo", "ppo", "--total-steps", "20000", "--seed", "1",
                "--pipeline", "stream", "--eval-every", "10000", "--eval-episodes", "3", "--no-plots");
        assertEquals(0, c.code(), c.toString());
        double last20 = sql(run, "SELECT avg(return) FROM (SELECT return FROM episodes ORDER BY end_global_step DESC LIMIT 20)")
                .get(0).getDouble(0);
        // A random policy scores 22; sync runs of the same settings reach 105-125 (TrainCommandTest), stream ~150.
        assertTrue(last20 >= 80, "mean return of the last 20 episodes after 20k steps: " + last20);
        int iterations = (int) Math.ceil(20000 / 256.0);
        RunChecks.assertEveryIterationOnce(spark, run, iterations, 256);
        // Each segment was collected by the policy of the previous update (the first by the initial one).
        assertEquals(List.of("[0]"), sql(run, "SELECT count(*) FROM steps WHERE policy_version != greatest(iteration - 1, 0)")
                .stream().map(Row::toString).toList());
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(metrics.get(0).split(","));
        int lag = header.indexOf("policy_lag"), busy = header.indexOf("actors_busy");
        assertTrue(lag > 0 && busy > 0, "metrics.csv lacks policy_lag/actors_busy: " + header);
        for (String row : metrics.subList(1, metrics.size())) {
            String[] cells = row.split(",");
            double l = Double.parseDouble(cells[lag]), b = Double.parseDouble(cells[busy]);
            assertTrue(l >= 0 && l <= 1, "policy lag " + l + " in " + row);
            assertTrue(b > 0 && b <= 1, "actors busy " + b + " in " + row);
        }
        assertTrue(Files.isDirectory(run.resolve("best")), "the evaluations (on the driver) kept no best/");
        assertTrue(spark.read().parquet(run.resolve("evaluations").toString()).count() >= 3, "evaluations table");
        assertFalse(Files.exists(run.resolve("segments")), "segments left after the run");
    }

    @Test void aStoppedStreamRunResumesWithEverySegmentOnceInEitherPipeline() throws Exception {
        Path run = tmp.resolve("resume");
        String[] settings = {"--set", "n_envs=4", "--set", "n_steps=32", "--set", "n_epochs=1", "--checkpoint-every", "3",
                "--no-plots"};
        List<String> first = new ArrayList<>(List.of("--env", "CartPole-v1", "--algo", "ppo", "--total-steps", "2560",
                "--seed", "4", "--pipeline", "stream", "--max-policy-lag", "2", "--max-iterations", "7"));
        first.addAll(List.of(settings));
        Cli a = Cli.train(run, first.toArray(new String[0]));
        assertEquals(0, a.code(), a.toString());
        assertTrue(a.out().contains("stopped"), a.out());
        // Resumed in sync mode for two iterations, then in stream mode to the end.
        Cli b = Cli.train(run, "--no-plots", "--max-iterations", "2");
        assertEquals(0, b.code(), b.toString());
        Cli c = Cli.train(run, "--no-plots", "--pipeline", "stream");
        assertEquals(0, c.code(), c.toString());
        RunChecks.assertEveryIterationOnce(spark, run, 20, 128);
        List<Row> lags = sql(run, "SELECT max(iteration - policy_version), min(iteration - policy_version) FROM steps");
        assertTrue(lags.get(0).getLong(0) <= 2 && lags.get(0).getLong(1) >= 0, "policy lag outside [0, 2]: " + lags);
    }

    @Test void dqnStreamsIntoItsReplayBuffer() throws Exception {
        Path run = tmp.resolve("dqn");
        Cli c = Cli.train(run, "--env", "CartPole-v1", "--algo", "dqn", "--total-steps", "2048", "--seed", "2",
                "--set", "n_envs=2", "--set", "train_freq=64", "--set", "gradient_steps=8", "--set", "learning_starts=256",
                "--pipeline", "stream", "--checkpoint-every", "4", "--no-plots");
        assertEquals(0, c.code(), c.toString());
        RunChecks.assertEveryIterationOnce(spark, run, 16, 128);
    }

    @Test void badInput() {
        Path run = tmp.resolve("bad");
        String[] ppo = {"--env", "CartPole-v1", "--algo", "ppo", "--no-plots"};
        List<String> args = new ArrayList<>(List.of(ppo));
        args.addAll(List.of("--pipeline", "streaming"));
        Cli.train(run, args.toArray(new String[0])).assertBadInput("--pipeline", "sync or stream");
        args = new ArrayList<>(List.of(ppo));
        args.addAll(List.of("--pipeline", "stream", "--max-policy-lag", "0"));
        Cli.train(run, args.toArray(new String[0])).assertBadInput("--max-policy-lag", "at least 1");
        args = new ArrayList<>(List.of(ppo));
        args.addAll(List.of("--pipeline", "stream", "--fit", "averaging"));
        Cli.train(run, args.toArray(new String[0])).assertBadInput("--fit averaging", "--pipeline sync");
        args = new ArrayList<>(List.of(ppo));
        args.addAll(List.of("--pipeline", "stream", "--partitions", "4", "--master", "local[2]"));
        Cli.train(tmp.resolve("slots"), args.toArray(new String[0])).assertBadInput("4 actors", "task slot");
    }
}
