package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.training.Agents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train verb on embedded Spark: it learns, it resumes exactly, it refuses bad input. */
class TrainCommandTest {
    @TempDir static Path tmp;
    static SparkSession spark;

    /** 4 envs x 64 steps = 256 steps per iteration, 12 iterations, 2 partitions. */
    private static final String[] SMALL = {"--env", "CartPole-v1", "--algo", "ppo", "--total-steps", "3072", "--seed", "3",
            "--set", "n_envs=4", "--set", "n_steps=64", "--set", "n_epochs=2", "--set", "batch_size=128",
            "--checkpoint-every", "2", "--no-plots"};

    @BeforeAll static void session() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() {
        spark.stop();
    }

    private static Cli train(Path run, String... extra) { return Cli.train(run, extra); }

    private static List<String> rows(Path run, String query) {
        spark.read().parquet(run.resolve("episodes").toString()).createOrReplaceTempView("episodes");
        spark.read().parquet(run.resolve("steps").toString()).createOrReplaceTempView("steps");
        return spark.sql(query).collectAsList().stream().map(Object::toString).toList();
    }

    /**
     * Three seeds, bounded together: one seed's curve depends on floating-point details that differ between CPUs
     * (BLAS kernels picked at run time), so a bar on one seed is a bet. At 20k steps rl-zoo's PPO is half way up its
     * curve (mean returns 105-125 on this project's machines; a random policy scores 22).
     */
    @Test void ppoLearnsCartPoleWithin20kSteps() throws Exception {
        double sum = 0, min = Double.POSITIVE_INFINITY;
        List<String> last20 = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            Path run = tmp.resolve("learn-" + seed);
            List<String> args = new ArrayList<>(List.of("--env", "CartPole-v1", "--algo", "ppo", "--total-steps", "20000",
                    "--seed", String.valueOf(seed)));
            if (seed > 1) args.add("--no-plots"); // seed 1's plots are checked below
            Cli c = train(run, args.toArray(new String[0]));
            assertEquals(0, c.code(), c.toString());
            double mean = spark.read().parquet(run.resolve("episodes").toString())
                    .orderBy(org.apache.spark.sql.functions.col("end_global_step").desc()).limit(20)
                    .agg(org.apache.spark.sql.functions.avg("return")).first().getDouble(0);
            last20.add("seed " + seed + ": " + mean);
            sum += mean;
            min = Math.min(min, mean);
        }
        assertTrue(sum / 3 >= 100 && min >= 60, "mean return of the last 20 episodes after 20k steps: " + last20);
        Path run = tmp.resolve("learn-1");
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        for (String field : new String[] {"algo", "env", "seed", "env_steps", "wall_seconds", "episodes",
                "mean_return_last_100", "best_mean_return_100", "steps_per_second"})
            assertTrue(summary.has(field), "summary.json lacks " + field);
        assertTrue(summary.get("env_steps").asLong() >= 20000);
        for (String png : new String[] {"return_vs_steps.png", "return_vs_seconds.png", "losses.png"})
            assertTrue(Files.size(run.resolve(png)) > 1000, png);
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        for (String column : new String[] {"policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction",
                "explained_variance", "grad_norm", "learning_rate", "fps", "env_steps", "wall_seconds"})
            assertTrue(metrics.get(0).contains(column), "metrics.csv lacks " + column + ": " + metrics.get(0));
        // Learned-policy rows carry the acting policy's log-probability, value and version.
        assertEquals(List.of("[0]"), rows(run, "SELECT count(*) FROM steps WHERE log_prob IS NULL OR value IS NULL OR log_prob > 0"));
        assertEquals(rows(run, "SELECT count(DISTINCT iteration) FROM steps"), rows(run, "SELECT max(policy_version) + 1 FROM steps"));
    }

    @Test void aStoppedAndResumedRunEqualsAnUninterruptedOne() throws Exception {
        Path whole = tmp.resolve("whole"), parts = tmp.resolve("parts");
        Cli a = train(whole, SMALL);
        assertEquals(0, a.code(), a.toString());
        List<String> first = new ArrayList<>(List.of(SMALL));
        first.addAll(List.of("--max-iterations", "5"));
        Cli b1 = train(parts, first.toArray(new String[0]));
        assertEquals(0, b1.code(), b1.toString());
        assertTrue(b1.out().contains("stopped"), b1.out());
        // The first part's tables as an older sparkrl wrote them (one iteration=N directory per iteration): the resume
        // rewrites them once in today's layout and goes on.
        for (String table : List.of("steps", "episodes")) {
            Path dir = parts.resolve(table), legacy = tmp.resolve("legacy-" + table);
            spark.read().parquet(dir.toString()).write().partitionBy("iteration").parquet(legacy.toString());
            TrainingRun.deleteRecursively(dir);
            Files.move(legacy, dir);
        }
        Cli b2 = train(parts, "--no-plots");
        assertEquals(0, b2.code(), b2.toString());
        assertTrue(b2.out().contains("trained"), b2.out());
        try (var entries = Files.list(parts.resolve("steps"))) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith("iteration=")), "old layout left");
        }

        float[] paramsWhole = Agents.load(whole.resolve("checkpoints/iter-000012")).params();
        float[] paramsParts = Agents.load(parts.resolve("checkpoints/iter-000012")).params();
        assertArrayEquals(paramsWhole, paramsParts);
        String episodes = "SELECT episode_id, seed, return, length, terminated, truncated, start_global_step, end_global_step, "
                + "policy_version, iteration FROM episodes ORDER BY episode_id";
        assertEquals(rows(whole, episodes), rows(parts, episodes));
        String steps = "SELECT episode_id, step, obs, action, reward, terminated, truncated, next_obs, log_prob, value, "
                + "policy_version FROM steps ORDER BY episode_id, step";
        List<String> stepsWhole = rows(whole, steps);
        assertEquals(3072, stepsWhole.size());
        assertEquals(stepsWhole, rows(parts, steps));
        assertEquals(13, readLines(whole.resolve("metrics.csv")).size());

        Path gif = tmp.resolve("play.gif");
        Cli play = Cli.run("play", "--run", whole.toString(), "--episodes", "2", "--deterministic", "--record", gif.toString());
        assertEquals(0, play.code(), play.toString());
        assertTrue(play.out().contains("play ppo CartPole-v1 after 3072 steps: 2 episodes"), play.out());
        assertTrue(Files.exists(gif));
        Cli plot = Cli.run("plot", "--run", parts.toString());
        assertEquals(0, plot.code(), plot.toString());
        assertTrue(Files.exists(parts.resolve("return_vs_steps.png")) && Files.exists(parts.resolve("losses.png")));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    @Test void badInput() throws Exception {
        train(tmp.resolve("x"), "--env", "CartPole-v1", "--algo", "sarsa-max").assertBadInput("sarsa-max", "ppo");
        train(tmp.resolve("y"), "--env", "CartPole-v1").assertBadInput("--algo");
        train(tmp.resolve("z"), "--env", "CartPole-v1", "--algo", "ppo", "--set", "n_epochs=zero").assertBadInput("n_epochs");
        Path run = tmp.resolve("resume-me");
        assertEquals(0, train(run, SMALL[0], SMALL[1], SMALL[2], SMALL[3], "--total-steps", "512", "--set", "n_envs=4",
                "--set", "n_steps=64", "--no-plots").code());
        train(run, "--env", "Acrobot-v1").assertBadInput("CartPole-v1", "Acrobot-v1");
        train(run, "--algo", "a2c").assertBadInput("ppo", "a2c");
        Path agent = run.resolve("checkpoints/iter-000002/agent.bin");
        byte[] bytes = Files.readAllBytes(agent);
        Files.write(agent, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        train(run, "--total-steps", "1024").assertBadInput("resuming keeps its own hyper-parameters");
        train(run, "--no-plots").assertBadInput("agent.bin");
        Cli.run("play", "--run", run.toString()).assertBadInput("agent.bin");
        Cli.run("play", "--run", tmp.toString()).assertBadInput("no training run");

        Path diverging = tmp.resolve("diverging");
        train(diverging, "--env", "Pendulum-v1", "--algo", "a2c", "--total-steps", "20000", "--set", "n_envs=2",
                "--set", "learning_rate=1e30", "--set", "lr_schedule=constant", "--checkpoint-every", "1", "--no-plots")
                .assertBadInput("non-finite", "iteration 1", "checkpoint is kept");
        assertEquals("iter-000001", Files.readString(diverging.resolve("checkpoints/LATEST")).trim());
    }
}
