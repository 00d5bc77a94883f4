package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.training.Agents;
import io.sparkrl.training.offpolicy.DqnAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train verb with the off-policy learners: DQN with its replay buffer resumes exactly; linear-q runs; bad input. */
class OffPolicyTrainTest {
    @TempDir static Path tmp;
    static SparkSession spark;

    /** 2 envs x 64 steps = 128 steps per iteration, 16 iterations, every extension on. */
    private static final String[] RAINBOW = {"--env", "CartPole-v1", "--algo", "dqn", "--total-steps", "2048", "--seed", "5",
            "--set", "n_envs=2", "--set", "train_freq=64", "--set", "gradient_steps=16", "--set", "learning_starts=256",
            "--set", "target_update_interval=256", "--set", "double_q=true", "--set", "dueling=true", "--set", "n_step=3",
            "--set", "prioritized=true", "--set", "noisy=true", "--set", "pop_art=true", "--set", "normalize_reward=true",
            "--set", "hidden=[32,32]", "--checkpoint-every", "2", "--no-plots"};

    @BeforeAll static void session() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() {
        spark.stop();
    }

    private static Cli train(Path run, String... extra) { return Cli.train(run, extra); }

    private static List<String> rows(Path run, String table, String query) {
        spark.read().parquet(run.resolve(table).toString()).createOrReplaceTempView(table);
        return spark.sql(query).collectAsList().stream().map(Object::toString).toList();
    }

    @Test void aResumedDqnContinuesWithTheSameReplayBufferExactly() {
        Path whole = tmp.resolve("whole"), parts = tmp.resolve("parts");
        Cli a = train(whole, RAINBOW);
        assertEquals(0, a.code(), a.toString());
        assertTrue(a.out().contains("replay buffer of 100,000 transitions (prioritised)"), a.out());
        List<String> first = new ArrayList<>(List.of(RAINBOW));
        first.addAll(List.of("--max-iterations", "5"));
        assertEquals(0, train(parts, first.toArray(new String[0])).code());
        assertTrue(Files.exists(parts.resolve("checkpoints/iter-000005/replay.bin")));
        Cli b = train(parts, "--no-plots");
        assertEquals(0, b.code(), b.toString());

        DqnAgent wholeAgent = (DqnAgent) Agents.load(whole.resolve("checkpoints/iter-000016"));
        DqnAgent partsAgent = (DqnAgent) Agents.load(parts.resolve("checkpoints/iter-000016"));
        assertEquals(2048, wholeAgent.envSteps());
        assertArrayEquals(wholeAgent.params(), partsAgent.params());
        assertArrayEquals(wholeAgent.targetParams(), partsAgent.targetParams());
        assertEquals(wholeAgent.replay().size(), partsAgent.replay().size());
        assertTrue(!Arrays.equals(wholeAgent.params(), ((DqnAgent) Agents.load(whole.resolve("checkpoints/iter-000014"))).params()),
                "the network learned");
        String steps = "SELECT episode_id, step, obs, action, reward, log_prob, value FROM steps ORDER BY episode_id, step";
        List<String> stepsWhole = rows(whole, "steps", steps);
        assertEquals(2048, stepsWhole.size());
        assertEquals(stepsWhole, rows(parts, "steps", steps));
        List<String> metrics = readLines(whole.resolve("metrics.csv"));
        for (String column : new String[] {"loss", "q_taken", "grad_norm", "epsilon", "replay_size", "prioritized_beta", "value_std"})
            assertTrue(metrics.get(metrics.size() - 1).split(",").length == metrics.get(0).split(",").length
                    && metrics.get(0).contains(column), "metrics.csv lacks " + column + ": " + metrics.get(0));

        Cli play = Cli.run("play", "--run", whole.toString(), "--episodes", "2", "--deterministic");
        assertEquals(0, play.code(), play.toString());
        assertTrue(play.out().contains("play dqn CartPole-v1 after 2048 steps: 2 episodes"), play.out());
    }

    @Test void linearQTrainsAndPlays() {
        Path run = tmp.resolve("linear");
        Cli c = train(run, "--env", "MountainCar-v0", "--algo", "linear-q", "--total-steps", "2048", "--seed", "1", "--no-plots");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("400 RBF features"), c.out());
        assertEquals(List.of("[2048]"), rows(run, "steps", "SELECT count(*) FROM steps"));
        Cli play = Cli.run("play", "--run", run.toString(), "--episodes", "1", "--deterministic");
        assertEquals(0, play.code(), play.toString());
    }

    @Test void badInput() throws Exception {
        train(tmp.resolve("continuous"), "--env", "Pendulum-v1", "--algo", "dqn").assertBadInput("Discrete", "ppo");
        train(tmp.resolve("continuous-linear"), "--env", "MountainCarContinuous-v0", "--algo", "linear-q").assertBadInput("Discrete");
        train(tmp.resolve("huge"), "--env", "CartPole-v1", "--algo", "dqn", "--set", "buffer_size=200000000")
                .assertBadInput("replay buffer", "buffer_size", "--allow-large-replay");
        assertTrue(!Files.exists(tmp.resolve("huge/config.json")), "nothing written for a refused run");

        Path run = tmp.resolve("corrupt-replay");
        assertEquals(0, train(run, "--env", "CartPole-v1", "--algo", "dqn", "--total-steps", "512", "--set", "train_freq=128",
                "--set", "learning_starts=128", "--set", "buffer_size=1000", "--no-plots").code());
        Path replay = run.resolve("checkpoints/iter-000004/replay.bin");
        byte[] bytes = Files.readAllBytes(replay);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(replay, bytes);
        train(run, "--no-plots").assertBadInput("replay.bin");
        Cli play = Cli.run("play", "--run", run.toString(), "--episodes", "1");
        assertEquals(0, play.code(), "playing needs no replay buffer: " + play);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
