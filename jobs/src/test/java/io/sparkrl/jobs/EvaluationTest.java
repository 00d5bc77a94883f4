package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --eval-every: evaluation episodes on the executors land in the evaluations table, the best learner in best/,
 * play --best replays the best evaluation exactly, a resumed run evaluates as an uninterrupted one, bad input.
 */
class EvaluationTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    static final ObjectMapper JSON = new ObjectMapper();

    /** 2 envs x 64 steps = 128 steps per iteration, 16 iterations; evaluations at 512, 1,024, 1,536 and 2,048 steps. */
    private static final String[] DQN = {"--env", "CartPole-v1", "--algo", "dqn", "--total-steps", "2048", "--seed", "3",
            "--set", "n_envs=2", "--set", "train_freq=64", "--set", "gradient_steps=16", "--set", "learning_starts=256",
            "--set", "target_update_interval=256", "--set", "hidden=[32,32]", "--set", "learning_rate=0.002",
            "--checkpoint-every", "2", "--no-plots", "--eval-every", "512", "--eval-episodes", "4"};

    @BeforeAll static void session() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() {
        spark.stop();
    }

    private static List<String> evaluations(Path run) {
        spark.read().parquet(run.resolve("evaluations").toString()).createOrReplaceTempView("evaluations");
        return spark.sql("SELECT env_steps, episode, seed, return, length, deterministic, policy_version, iteration FROM evaluations "
                + "ORDER BY env_steps, episode").collectAsList().stream().map(Object::toString).toList();
    }

    private static Cli whole;

    /** The uninterrupted run both tests read, trained once. */
    private static synchronized Cli whole() {
        if (whole == null) whole = Cli.train(tmp.resolve("whole"), DQN);
        assertEquals(0, whole.code(), whole.toString());
        return whole;
    }

    @Test void evaluationsGoToTheirTableAndTheBestLearnerToBestWhichPlayReplays() throws Exception {
        Path run = tmp.resolve("whole");
        Cli train = whole();
        List<String> rows = evaluations(run);
        assertEquals(16, rows.size(), String.join("\n", rows));
        long[] steps = {512, 1024, 1536, 2048};
        for (int e = 0; e < 4; e++)
            for (int i = 0; i < 4; i++) {
                String row = rows.get(e * 4 + i);
                // seed 1000000 + i, greedy, played by the policy after iteration (steps / 128 - 1)'s update
                int iteration = (int) (steps[e] / 128 - 1);
                assertTrue(row.startsWith("[" + steps[e] + "," + i + "," + (1_000_000 + i) + ","), row);
                assertTrue(row.endsWith(",true," + (iteration + 1) + "," + iteration + "]"), row);
            }
        assertEquals(4, train.out().lines().filter(l -> l.startsWith("eval at ")).count(), train.out());

        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        JsonNode best = summary.get("best_evaluation");
        assertEquals(2048, summary.get("last_evaluation").get("env_steps").asLong());
        double bestMean = best.get("mean_return").asDouble();
        spark.read().parquet(run.resolve("evaluations").toString()).createOrReplaceTempView("evaluations");
        double maxMean = spark.sql("SELECT max(m) FROM (SELECT avg(return) AS m FROM evaluations GROUP BY env_steps)").first().getDouble(0);
        assertEquals(maxMean, bestMean, 1e-9);
        assertEquals(best.toString(), JSON.readTree(run.resolve("best/evaluation.json").toFile()).toString());
        assertFalse(Files.exists(run.resolve("best/replay.bin")), "best/ holds the network, not the replay buffer");

        Cli play = Cli.run("play", "--run", run.toString(), "--best", "--deterministic", "--episodes", "4");
        assertEquals(0, play.code(), play.toString());
        assertTrue(play.out().contains(String.format(Locale.ROOT, "after %d steps: 4 episodes, mean return %.2f",
                best.get("env_steps").asLong(), bestMean)), play.out() + "\nbest: " + best);

        Cli query = Cli.run("query", "--data", run.toString(), "SELECT count(DISTINCT env_steps) AS evaluations FROM evaluations");
        assertEquals(0, query.code(), query.toString());
        assertTrue(query.out().contains("4"), query.out());

        Path png = tmp.resolve("evaluations.png");
        Cli plot = Cli.run("plot", "--compare", run.toString(), "--evaluations", "--out", png.toString());
        assertEquals(0, plot.code(), plot.toString());
        assertTrue(Files.size(png) > 1000);

        // A setup against itself: the comparison table scores the run by the mean of its evaluations, difference 0.
        Cli groups = Cli.run("plot", "--group", "a=" + run, "--group", "b=" + run, "--evaluations", "--out", png.toString());
        assertEquals(0, groups.code(), groups.toString());
        double score = spark.sql("SELECT avg(m) FROM (SELECT avg(return) AS m FROM evaluations GROUP BY env_steps)").first().getDouble(0);
        String scored = String.format(Locale.ROOT, " | 1 | %.1f | %.1f [%.1f, %.1f] | ", score, score, score, score);
        assertTrue(groups.out().contains("| a" + scored) && groups.out().contains("| b" + scored), scored + "\n" + groups.out());
        assertTrue(groups.out().contains("| +0.0 [+0.0, +0.0] | 0.50 [0.50, 0.50] |"), groups.out());
    }

    @Test void aResumedRunEvaluatesAsAnUninterruptedOneAndForgetsEvaluationsPastItsCheckpoint() throws Exception {
        Path parts = tmp.resolve("parts");
        whole();
        List<String> first = new ArrayList<>(List.of(DQN));
        first.addAll(List.of("--max-iterations", "6"));
        assertEquals(0, Cli.train(parts, first.toArray(new String[0])).code());
        // As if a crash had come after an evaluation but before the next checkpoint: a file past the checkpoint.
        Path evaluations = parts.resolve("evaluations");
        Path written = evaluations.resolve("part-i000003.parquet"), stale = evaluations.resolve("part-i000012.parquet");
        Files.copy(written, stale);
        Cli resumed = Cli.train(parts, "--no-plots", "--eval-every", "512", "--eval-episodes", "4");
        assertEquals(0, resumed.code(), resumed.toString());
        assertFalse(Files.exists(stale), "the file past the checkpoint is gone");
        assertEquals(evaluations(tmp.resolve("whole")), evaluations(parts));
    }

    @Test void badEvaluationInput() throws Exception {
        Cli.run("train", "--run", tmp.resolve("bad").toString(), "--env", "CartPole-v1", "--algo", "dqn", "--eval-every", "100",
                "--eval-episodes", "0").assertBadInput("--eval-episodes must be positive");
        Cli.run("train", "--run", tmp.resolve("bad2").toString(), "--env", "CartPole-v1", "--algo", "dqn", "--eval-every", "-5")
                .assertBadInput("--eval-every must be 0 (off) or a positive number");

        Path plain = tmp.resolve("not-evaluated");
        List<String> args = new ArrayList<>(List.of(DQN).subList(0, DQN.length - 4));
        args.set(args.indexOf("2048"), "256");
        assertEquals(0, Cli.train(plain, args.toArray(new String[0])).code());
        Cli.run("play", "--run", plain.toString(), "--best").assertBadInput("has no best learner", "--eval-every");
        Cli.run("plot", "--compare", plain.toString(), "--evaluations", "--out", tmp.resolve("x.png").toString())
                .assertBadInput("has no evaluations (train with --eval-every)");

        Path corrupt = tmp.resolve("corrupt");
        List<String> evaluated = new ArrayList<>(args);
        evaluated.addAll(List.of("--eval-every", "128", "--eval-episodes", "2"));
        assertEquals(0, Cli.train(corrupt, evaluated.toArray(new String[0])).code());
        Files.writeString(corrupt.resolve("best/evaluation.json"), "{\"mean_ret");
        Cli.run("play", "--run", corrupt.toString(), "--best").assertBadInput("corrupt", "best/evaluation.json", "delete");
    }
}
