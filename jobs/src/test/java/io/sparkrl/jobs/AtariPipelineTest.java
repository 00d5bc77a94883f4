package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.env.atari.Roms;
import io.sparkrl.rollout.policy.Policies;
import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.EpisodePlayer;
import io.sparkrl.storage.FrameStacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atari end to end on the test ROM (Tetris): Spark rollouts write uint8 frames that rebuild the exact observations,
 * and train (PPO and DQN with its frame-stack replay), resume and play run on pixels. Small networks keep it short.
 */
class AtariPipelineTest {
    private static final String ENV = "ALE/Tetris-v5";
    /** A small CNN: the pipeline, not learning, is under test here. */
    private static final String[] SMALL_NET = {"--set", "conv=[[8,8,4],[8,4,2]]", "--set", "hidden=[32]"};
    @TempDir static Path tmp;
    static SparkSession reader;
    static String romDir;

    @BeforeAll static void start() {
        romDir = TestRom.tetris().getParent().toString();
        reader = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() {
        System.clearProperty(Roms.PROPERTY);
        if (reader != null) reader.stop();
    }

    @Test void rolloutStoresFramesOnceAndTheyRebuildTheObservations() {
        Path out = tmp.resolve("rollout");
        Cli c = Cli.run("--rom-dir", romDir, "rollout", "--env", ENV, "--episodes", "3", "--partitions", "2", "--seed", "5",
                "--max-episode-steps", "40", "--master", "local[2]", "--out", out.toString());
        assertEquals(0, c.code(), c.toString());
        Dataset<Row> steps = reader.read().parquet(out.resolve("steps").toString());
        List<String> columns = Arrays.asList(steps.columns());
        assertTrue(columns.contains("frame") && columns.contains("next_frame") && !columns.contains("obs"), columns.toString());
        assertEquals(120, steps.count());
        assertEquals(3, steps.where("next_frame IS NOT NULL").count(), "only each episode's last step keeps its next frame");
        assertEquals(84 * 84, steps.selectExpr("length(frame)").first().getInt(0));

        List<Row> rebuilt = FrameStacks.withObservations(steps, 4).where("episode_id = 1").orderBy("step")
                .select("obs", "next_obs").collectAsList();
        EnvRecipe recipe = EnvRecipe.of(ENV);
        try (Env<float[]> env = recipe.make()) {
            EpisodeData e = new EpisodePlayer(env, Policies.byName("random", ENV, env.actionSpace())).play(1, 5 + 1, 40);
            int o = e.obsSize();
            assertEquals(e.length(), rebuilt.size());
            for (int t = 0; t < e.length(); t++) {
                assertArrayEquals(Arrays.copyOfRange(e.obs(), t * o, (t + 1) * o), floats(rebuilt.get(t).getList(0)), "obs of step " + t);
                assertArrayEquals(Arrays.copyOfRange(e.nextObs(), t * o, (t + 1) * o), floats(rebuilt.get(t).getList(1)), "next_obs of step " + t);
            }
        }
    }

    @Test void recordBotsPlaysTheTetrisBotInSpark() {
        Path out = tmp.resolve("tetris-bot");
        Cli c = Cli.run("--rom-dir", romDir, "record-bots", "--env", ENV, "--bot", "tetris-placement", "--epsilon", "0.05",
                "--episodes", "2", "--max-episode-steps", "200", "--master", "local[2]", "--out", out.toString());
        assertEquals(0, c.code(), c.toString());
        List<Row> episodes = reader.read().parquet(out.resolve("episodes").toString()).select("algo", "length").collectAsList();
        assertEquals(2, episodes.size());
        for (Row e : episodes) {
            assertEquals("tetris-placement+eps0.05", e.getString(0));
            assertEquals(200, e.getInt(1), "the bot survives the 200 steps (random play loses after about 600 frames of its own)");
        }
    }

    @Test void ppoTrainsResumesAndPlaysOnPixels() throws Exception {
        Path run = tmp.resolve("ppo");
        Cli first = Cli.run(concat(new String[] {"--rom-dir", romDir, "train", "--env", ENV, "--algo", "ppo", "--run", run.toString(),
                "--num-envs", "2", "--total-steps", "96", "--set", "n_steps=16", "--set", "batch_size=16", "--set", "n_epochs=1",
                "--env-options", "sb3,noop=4", "--max-iterations", "2", "--no-plots", "--master", "local[2]"}, SMALL_NET));
        assertEquals(0, first.code(), first.toString());
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"env_options\" : \"sb3,noop=4\""));
        // Resumed in a fresh task: the Atari envs come back from the checkpoint's snapshots.
        Cli resumed = Cli.run("--rom-dir", romDir, "train", "--run", run.toString(), "--no-plots", "--master", "local[2]");
        assertEquals(0, resumed.code(), resumed.toString());
        Dataset<Row> steps = FrameStacks.withObservations(reader.read().parquet(run.resolve("steps").toString()), 4);
        assertEquals(96, steps.count());
        assertEquals(3, steps.select("iteration").distinct().count(), "2 iterations, then 1 resumed");
        // Episodes run across iterations: each row's next observation is the following row's observation.
        List<Row> broken = steps.selectExpr("episode_id", "step", "next_obs",
                "lead(obs) OVER (PARTITION BY episode_id ORDER BY step) AS following").where("following IS NOT NULL AND next_obs != following").collectAsList();
        assertTrue(broken.isEmpty(), "next_obs differs from the next row's obs: " + broken.size() + " rows");

        Path frames = tmp.resolve("debug"), video = tmp.resolve("tetris.mp4");
        Cli play = Cli.run("--rom-dir", romDir, "play", "--run", run.toString(), "--episodes", "1", "--debug-frames", frames.toString(),
                "--record", video.toString());
        assertEquals(0, play.code(), play.toString());
        assertTrue(play.out().contains("mean return"), play.out());
        assertTrue(play.out().contains("15.0 fps"), "ALE/Tetris-v5 steps 4 frames: 60 / 4 fps. " + play.out());
        assertTrue(Files.isRegularFile(frames.resolve("episode-000000").resolve("step-00000.png")));
        byte[] head = Arrays.copyOf(Files.readAllBytes(video), 12);
        assertEquals("ftyp", new String(head, 4, 4, java.nio.charset.StandardCharsets.US_ASCII), "an MP4 file");
    }

    @Test void dqnStoresEachFrameOnceInItsReplay() {
        Path run = tmp.resolve("dqn");
        Cli c = Cli.run(concat(new String[] {"--rom-dir", romDir, "train", "--env", "TetrisNoFrameskip-v4", "--algo", "dqn", "--run", run.toString(),
                "--num-envs", "2", "--total-steps", "128", "--set", "learning_starts=32", "--set", "buffer_size=1000",
                "--set", "train_freq=16", "--set", "gradient_steps=4", "--no-plots", "--master", "local[2]"}, SMALL_NET));
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("each frame of 4 stored once as 84x84 bytes"), c.out());
        assertFalse(reader.read().parquet(run.resolve("steps").toString()).isEmpty());
    }

    @Test void badAtariInputIsOneLineExitTwo() {
        Cli.run("--rom-dir", romDir, "train", "--env", "CartPole-v1", "--algo", "ppo", "--env-options", "stack=4",
                "--run", tmp.resolve("bad1").toString()).assertBadInput("--env-options apply to Atari ids");
        Cli.run("--rom-dir", romDir, "rollout", "--env", ENV, "--env-options", "stack=0", "--episodes", "1",
                "--out", tmp.resolve("bad2").toString()).assertBadInput("stack=0");
        Cli.run("--rom-dir", tmp.resolve("no-roms").toString(), "train", "--env", ENV, "--algo", "ppo",
                "--run", tmp.resolve("bad3").toString()).assertBadInput("ROM");
        assertFalse(Files.exists(tmp.resolve("bad3").resolve("config.json")), "no run is created for a bad ROM");
    }

    @Test void aRomMissingWhereATaskRestoresItsEnvsIsOneLineExitTwo() throws Exception {
        // Train with a copy of the ROM, remove it, resume with a ROM directory without it: the driver builds no env on
        // resume, so the executor's task meets the missing ROM while restoring its snapshot.
        Path roms = Files.createDirectories(tmp.resolve("roms-copy")), empty = Files.createDirectories(tmp.resolve("roms-empty"));
        Files.copy(TestRom.tetris(), roms.resolve("tetris.bin"));
        Path run = tmp.resolve("moved-rom");
        Cli first = Cli.run(concat(new String[] {"--rom-dir", roms.toString(), "train", "--env", ENV, "--algo", "ppo", "--run", run.toString(),
                "--num-envs", "2", "--total-steps", "64", "--set", "n_steps=16", "--set", "batch_size=16", "--set", "n_epochs=1",
                "--max-iterations", "1", "--no-plots", "--master", "local[2]"}, SMALL_NET));
        assertEquals(0, first.code(), first.toString());
        Files.delete(roms.resolve("tetris.bin"));
        Cli.run("--rom-dir", empty.toString(), "train", "--run", run.toString(), "--no-plots", "--master", "local[2]")
                .assertBadInput("tetris.bin", empty.toString());
    }

    private static float[] floats(List<Object> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) f[i] = (Float) values.get(i);
        return f;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
