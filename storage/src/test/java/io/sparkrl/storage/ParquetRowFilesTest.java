package io.sparkrl.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.Frames;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRowFilesTest {
    private static SparkSession spark;
    private final Configuration conf = new Configuration();

    @TempDir java.nio.file.Path tmp;

    @BeforeAll static void start() {
        spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() { spark.stop(); }

    private static EpisodeData episode(long id, int length, Frames frames) {
        int obsSize = 3;
        float[] obs = new float[length * obsSize], next = new float[length * obsSize];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = id + i * 0.25f;
            next[i] = -obs[i];
        }
        int[] actions = new int[length];
        double[] rewards = new double[length];
        for (int t = 0; t < length; t++) {
            actions[t] = t % 2;
            rewards[t] = t * 0.5;
        }
        byte[] frameBytes = frames == null ? null : new byte[length * frames.frameSize()];
        if (frameBytes != null) for (int i = 0; i < frameBytes.length; i++) frameBytes[i] = (byte) (i * 7);
        return new EpisodeData(id, 100 + id, obsSize, 0, frames == null ? obs : null, frames == null ? next : null, frames,
                frameBytes, frames == null ? null : new byte[frames.frameSize()], actions, null, rewards, true, false,
                1_700_000_000_123L, 2_500_000_000L);
    }

    private static List<Row> rows(Iterator<Row> it) {
        List<Row> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        return rows;
    }

    @Test void sparkReadsTheStepsAndEpisodesAWriterCommits() throws Exception {
        Tables.Provenance prov = new Tables.Provenance("run-1", "CartPole-v1", "random", 0L, 7);
        Path steps = new Path(tmp.toString(), "steps/part-p00000-0000.parquet");
        Path episodes = new Path(tmp.toString(), "episodes/part-p00000.parquet");
        List<Row> expected = new ArrayList<>();
        try (ParquetRowFiles.Writer s = ParquetRowFiles.create(steps, Tables.STEPS_SCHEMA, conf);
             ParquetRowFiles.Writer e = ParquetRowFiles.create(episodes, Tables.EPISODES_SCHEMA, conf)) {
            for (long id = 0; id < 3; id++) {
                EpisodeData ep = episode(id, 5 + (int) id, null);
                for (Row r : rows(Tables.stepRows(ep, prov))) {
                    s.write(r);
                    expected.add(r);
                }
                e.write(Tables.episodeRow(ep, prov, 10 * id));
            }
            assertFalse(Files.exists(tmp.resolve("steps/part-p00000-0000.parquet")), "visible before commit");
            assertTrue(Files.list(tmp.resolve("steps")).anyMatch(p -> ParquetRowFiles.isInProgress(p.getFileName().toString())));
            s.commit();
            e.commit();
        }
        List<Row> read = spark.read().parquet(tmp.resolve("steps").toString()).orderBy("episode_id", "step").collectAsList();
        assertEquals(expected.size(), read.size());
        assertEquals(Tables.STEPS_SCHEMA.asNullable(), spark.read().parquet(tmp.resolve("steps").toString()).schema());
        for (int i = 0; i < read.size(); i++) {
            Row a = expected.get(i), b = read.get(i);
            assertEquals(a.getLong(2), b.getLong(2));
            assertEquals(a.getInt(3), b.getInt(3));
            assertArrayEquals((float[]) a.get(4), toFloats(b.getList(4)));
            assertEquals(a.get(5), b.get(5));
            assertNull(b.get(6));
            assertEquals(a.getDouble(7), b.getDouble(7));
            assertEquals(a.getBoolean(8), b.getBoolean(8));
            assertArrayEquals((float[]) a.get(10), toFloats(b.getList(10)));
            assertEquals(7, b.getInt(14));
        }
        Row ep = spark.read().parquet(tmp.resolve("episodes").toString()).orderBy("episode_id").collectAsList().get(2);
        assertEquals(Tables.EPISODES_SCHEMA.asNullable(), spark.read().parquet(tmp.resolve("episodes").toString()).schema());
        assertEquals(20L, ep.getLong(ep.fieldIndex("start_global_step")));
        assertEquals(new Timestamp(1_700_000_000_123L), ep.getTimestamp(ep.fieldIndex("start_time")));
        assertEquals(2.5, ep.getDouble(ep.fieldIndex("wall_seconds")));
    }

    @Test void concatKeepsEveryRowOfItsInputsAndPixelColumns() throws Exception {
        Frames frames = Frames.of(4, 4 * 6);
        Tables.Provenance prov = new Tables.Provenance("run-2", "MinAtar/Breakout-v1", "ppo", 3L, 3);
        List<Path> parts = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            Path part = new Path(tmp.toString(), "segments/part-i000003-a00" + a + ".parquet");
            try (ParquetRowFiles.Writer w = ParquetRowFiles.create(part, Tables.PIXEL_STEPS_SCHEMA, conf)) {
                for (Row r : rows(Tables.stepRows(episode(a, 4, frames), prov))) w.write(r);
                w.commit();
            }
            parts.add(part);
        }
        Path joined = new Path(tmp.toString(), "steps/part-i000003-000003-0.parquet");
        ParquetRowFiles.concat(parts, joined, conf);
        assertEquals(List.of("part-i000003-000003-0.parquet"),
                ParquetRowFiles.list(new Path(tmp.toString(), "steps"), conf).stream().map(s -> s.getPath().getName()).toList());
        var table = spark.read().parquet(tmp.resolve("steps").toString());
        assertEquals(Tables.PIXEL_STEPS_SCHEMA.asNullable(), table.schema());
        assertEquals(12, table.count());
        Row last = table.orderBy("episode_id", "step").collectAsList().get(11);
        assertArrayEquals(new byte[frames.frameSize()], (byte[]) last.get(last.fieldIndex("next_frame")));
        byte[] frame = (byte[]) last.get(last.fieldIndex("frame"));
        assertEquals((byte) (3 * frames.frameSize() * 7), frame[0]);
    }

    @Test void aClosedUncommittedWriterLeavesNothing() throws Exception {
        Path file = new Path(tmp.toString(), "t/part-0.parquet");
        try (ParquetRowFiles.Writer w = ParquetRowFiles.create(file, Tables.EPISODES_SCHEMA, conf)) {
            w.write(Tables.episodeRow(episode(0, 3, null), new Tables.Provenance("r", "e", "a", 0L, 0), 0));
        }
        try (var left = Files.list(tmp.resolve("t"))) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().endsWith(".crc")).toList());
        }
    }

    private static float[] toFloats(List<Object> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = (Float) list.get(i);
        return out;
    }
}
