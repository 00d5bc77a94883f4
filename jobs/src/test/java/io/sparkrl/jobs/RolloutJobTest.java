package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import io.sparkrl.storage.ParquetRowFiles;
import io.sparkrl.storage.Tables;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutJobTest {
    @TempDir static Path tmp;
    static SparkSession reader;

    @BeforeAll static void rollouts() {
        Cli a = Cli.run("rollout", "--env", "CartPole-v1", "--episodes", "23", "--partitions", "3", "--seed", "7",
                "--master", "local[2]", "--out", tmp.resolve("a").toString());
        assertEquals(0, a.code(), a.toString());
        assertTrue(a.out().contains("23 episodes"), a.out());
        Cli b = Cli.run("rollout", "--env", "CartPole-v1", "--episodes", "23", "--partitions", "2", "--seed", "7",
                "--master", "local[2]", "--out", tmp.resolve("b").toString());
        assertEquals(0, b.code(), b.toString());
        reader = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() {
        if (reader != null) reader.stop();
    }

    private static List<Row> sql(String query, String run) {
        reader.read().parquet(tmp.resolve(run).resolve("episodes").toString()).createOrReplaceTempView("episodes");
        reader.read().parquet(tmp.resolve(run).resolve("steps").toString()).createOrReplaceTempView("steps");
        return reader.sql(query).collectAsList();
    }

    @Test void everyEpisodeIsWrittenExactlyOnceWithItsSteps() {
        Row counts = sql("SELECT count(*), count(DISTINCT episode_id), sum(length), min(episode_id), max(episode_id) FROM episodes", "a").get(0);
        assertEquals(23L, counts.getLong(0));
        assertEquals(23L, counts.getLong(1));
        assertEquals(0L, counts.getLong(3));
        assertEquals(22L, counts.getLong(4));
        long steps = sql("SELECT count(*) FROM steps", "a").get(0).getLong(0);
        assertEquals(counts.getLong(2), steps);
        // Each episode: steps numbered 0..len-1, the end flag only on its last step, rewards summing to the return.
        List<Row> bad = sql("SELECT e.episode_id FROM episodes e JOIN (SELECT episode_id, count(*) n, max(step) last, "
                + "sum(reward) r, sum(CASE WHEN terminated OR truncated THEN 1 ELSE 0 END) ends, "
                + "max(CASE WHEN terminated OR truncated THEN step END) end_step FROM steps GROUP BY episode_id) s "
                + "ON e.episode_id = s.episode_id WHERE s.n != e.length OR s.last != e.length - 1 OR s.ends != 1 "
                + "OR s.end_step != s.last OR abs(s.r - e.return) > 1e-9", "a");
        assertTrue(bad.isEmpty(), "inconsistent episodes: " + bad);
    }

    @Test void globalStepsTileTheRunInEpisodeOrder() {
        List<Row> rows = sql("SELECT start_global_step, end_global_step, length FROM episodes ORDER BY episode_id", "a");
        long expected = 0;
        for (Row r : rows) {
            assertEquals(expected, r.getLong(0));
            assertEquals(expected + r.getInt(2), r.getLong(1));
            expected = r.getLong(1);
        }
    }

    @Test void sameSeedGivesSameDataWhateverThePartitioning() {
        String q = "SELECT episode_id, seed, return, length, terminated, truncated FROM episodes ORDER BY episode_id";
        assertEquals(sql(q, "a").toString(), sql(q, "b").toString());
        String s = "SELECT episode_id, step, obs, action, reward, next_obs FROM steps ORDER BY episode_id, step";
        assertEquals(sql(s, "a").toString(), sql(s, "b").toString());
        assertEquals(7L, sql("SELECT seed FROM episodes WHERE episode_id = 0", "a").get(0).getLong(0));
    }

    @Test void outputIsCommittedWithNoStagingLeftBehind() throws Exception {
        assertTrue(Files.exists(tmp.resolve("a/config.json")));
        // Each task streamed its episodes into its own steps file; the episodes table is one file.
        assertEquals(List.of("part-p00000-0000.parquet", "part-p00001-0000.parquet", "part-p00002-0000.parquet"),
                parquetFiles(tmp.resolve("a/steps")));
        assertEquals(1, parquetFiles(tmp.resolve("a/episodes")).size());
        assertFalse(Files.exists(tmp.resolve("a/episodes-by-task")), "tasks' episode files left behind");
        try (Stream<Path> s = Files.list(tmp)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(".tmp-")), "staging directory left behind");
        }
        try (Stream<Path> s = Files.walk(tmp.resolve("a"))) {
            assertFalse(s.anyMatch(p -> ParquetRowFiles.isInProgress(p.getFileName().toString())), "uncommitted file left behind");
        }
    }

    @Test void aRetriedTaskRewritesTheSameFilesWithTheSameRows(@TempDir Path dir) throws Exception {
        RolloutJob.Options o = new RolloutJob.Options("CartPole-v1", null, "random", 0, 6, 2, dir.toString(), 5, 500);
        Tables.Provenance prov = new Tables.Provenance("r", "CartPole-v1", "random", 0L, 0);
        String steps = dir.resolve("steps").toString(), episodes = dir.resolve("episodes").toString();
        Configuration conf = new Configuration();
        double[] first = RolloutJob.playAndWrite(o, null, prov, 1, steps, episodes, conf, reader.sparkContext().longAccumulator());
        List<String> files = parquetFiles(dir.resolve("steps"));
        List<Row> rows = reader.read().parquet(steps).orderBy("episode_id", "step").collectAsList();
        double[] again = RolloutJob.playAndWrite(o, null, prov, 1, steps, episodes, conf, reader.sparkContext().longAccumulator());
        assertEquals(first[0], again[0]);
        assertEquals(files, parquetFiles(dir.resolve("steps")));
        assertEquals(rows.toString(), reader.read().parquet(steps).orderBy("episode_id", "step").collectAsList().toString());
        assertEquals(3L, reader.read().parquet(episodes).count());
    }

    private static List<String> parquetFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet") && !n.startsWith("."))
                    .sorted().toList();
        }
    }

    @Test void nextObservationChainsIntoTheNextStep() {
        List<Row> bad = sql("SELECT a.episode_id, a.step FROM steps a JOIN steps b ON a.episode_id = b.episode_id "
                + "AND b.step = a.step + 1 WHERE a.next_obs != b.obs", "a");
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test void continuousActionsGoToActionVec(@TempDir Path dir) {
        Cli c = Cli.run("rollout", "--env", "Pendulum-v1", "--episodes", "2", "--partitions", "2", "--master", "local[2]",
                "--out", dir.resolve("p").toString());
        assertEquals(0, c.code(), c.toString());
        Row r = reader.read().parquet(dir.resolve("p/steps").toString())
                .selectExpr("count(*)", "count(action)", "min(size(action_vec))", "max(abs(action_vec[0]))").first();
        assertEquals(400L, r.getLong(0));
        assertEquals(0L, r.getLong(1));
        assertEquals(1, r.getInt(2));
        assertTrue(r.getFloat(3) <= 2.0f);
    }

    @Test void scriptedBotBalancesCartPole(@TempDir Path dir) {
        Cli c = Cli.run("rollout", "--env", "CartPole-v1", "--policy", "bot", "--episodes", "4", "--partitions", "2",
                "--master", "local[2]", "--out", dir.resolve("bot").toString());
        assertEquals(0, c.code(), c.toString());
        Row r = reader.read().parquet(dir.resolve("bot/episodes").toString()).selectExpr("min(return)", "first(algo)").first();
        assertTrue(r.getDouble(0) >= 475, "bot returns " + r);
        assertEquals("cartpole-balance", r.getString(1), "the bot's own name");
        assertNull(reader.read().parquet(dir.resolve("bot/steps").toString()).selectExpr("max(log_prob)").first().get(0));
    }
}
