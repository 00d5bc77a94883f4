package io.sparkrl.storage;

import io.sparkrl.rollout.runner.Frames;
import io.sparkrl.rollout.runner.Segment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A training run's trajectory stream: each actor writes the segment it collected in an iteration, from inside its
 * task, as {@code segments/steps/part-iIIIIII-aAAA.parquet} (and {@code segments/episodes/...} when episodes ended
 * in it): the name is (iteration, actor), so a retried task rewrites the same file. At a checkpoint the segments of
 * the iterations since the previous one are joined into the run's {@code steps} and {@code episodes} tables as
 * {@code part-iFIRST-LAST-K.parquet} files (row groups copied, about {@link #FILE_BYTES} each) and deleted: a
 * 1M-step run's table is tens of files, not one per iteration and actor. Every table row carries its
 * {@code iteration} column.
 */
public final class SegmentFiles {
    private SegmentFiles() {}

    public static final String SEGMENTS = "segments";
    /** A compacted table file's size before the next one starts. */
    static final long FILE_BYTES = 128L << 20;
    private static final Pattern SEGMENT = Pattern.compile("part-i(\\d+)-a(\\d+)\\.parquet");
    /** Any table file sparkrl writes per iteration range: compacted steps/episodes, one evaluation's file. */
    private static final Pattern TABLE_FILE = Pattern.compile("part-i(\\d+)[-.].*");

    /** Writes {@code actor}'s segment of iteration {@code p.iteration()} under {@code runRoot}'s segments. */
    public static void write(Path runRoot, Segment s, Tables.Provenance p, Frames frames, int actor, Configuration conf)
            throws IOException {
        writeRows(file(runRoot, Tables.STEPS, p.iteration(), actor), Tables.stepsSchema(frames), Tables.stepRows(s, p, frames), conf);
        if (!s.finishedEpisodes.isEmpty())
            writeRows(file(runRoot, Tables.EPISODES, p.iteration(), actor), Tables.EPISODES_SCHEMA, Tables.episodeRows(s, p), conf);
    }

    /** The segment file of {@code table} ({@code steps} or {@code episodes}) for actor {@code actor}'s iteration. */
    public static Path file(Path runRoot, String table, int iteration, int actor) {
        return new Path(segments(runRoot, table), String.format("part-i%06d-a%03d.parquet", iteration, actor));
    }

    /** Deletes the run's segments (after the last compaction, what is left was collected past the run's end). */
    public static void deleteAll(Path runRoot, Configuration conf) throws IOException {
        runRoot.getFileSystem(conf).delete(new Path(runRoot, SEGMENTS), true);
    }

    /** Writes {@code rows} as one committed file. */
    public static void writeRows(Path file, StructType schema, Iterator<Row> rows, Configuration conf) throws IOException {
        try (ParquetRowFiles.Writer out = ParquetRowFiles.create(file, schema, conf)) {
            while (rows.hasNext()) out.write(rows.next());
            out.commit();
        }
    }

    /**
     * Moves the segments of iterations {@code [first, end)} into the steps and episodes tables, then deletes them.
     * Returns the bytes moved.
     */
    public static long compact(Path runRoot, int first, int end, Configuration conf) throws IOException {
        long bytes = 0;
        FileSystem fs = runRoot.getFileSystem(conf);
        for (String table : List.of(Tables.STEPS, Tables.EPISODES)) {
            fs.mkdirs(new Path(runRoot, table)); // a table with no rows yet (no episode has ended) is an empty directory
            List<FileStatus> inputs = new ArrayList<>();
            for (FileStatus f : ParquetRowFiles.list(segments(runRoot, table), conf)) {
                Matcher m = SEGMENT.matcher(f.getPath().getName());
                if (m.matches() && Integer.parseInt(m.group(1)) >= first && Integer.parseInt(m.group(1)) < end) inputs.add(f);
            }
            List<Path> chunk = new ArrayList<>();
            long chunkBytes = 0;
            int k = 0;
            for (int i = 0; i < inputs.size(); i++) {
                chunk.add(inputs.get(i).getPath());
                chunkBytes += inputs.get(i).getLen();
                if (chunkBytes >= FILE_BYTES || i == inputs.size() - 1) {
                    String name = String.format("part-i%06d-%06d-%d.parquet", first, end - 1, k++);
                    bytes += ParquetRowFiles.concat(chunk, new Path(new Path(runRoot, table), name), conf);
                    chunk.clear();
                    chunkBytes = 0;
                }
            }
            for (FileStatus f : inputs) fs.delete(f.getPath(), false);
        }
        return bytes;
    }

    /**
     * Forgets what a crash left after iteration {@code iterations} (the checkpoint being resumed; 0: none): table
     * files of the steps, episodes and evaluations tables that start at or after it, files killed writers left,
     * and every segment (those before it were compacted into the tables; those after are redone).
     */
    public static void dropAfter(Path runRoot, int iterations, Configuration conf) throws IOException {
        FileSystem fs = runRoot.getFileSystem(conf);
        deleteAll(runRoot, conf);
        for (String table : List.of(Tables.STEPS, Tables.EPISODES, Tables.EVALUATIONS)) {
            Path dir = new Path(runRoot, table);
            ParquetRowFiles.deleteInProgress(dir, conf);
            for (FileStatus f : ParquetRowFiles.list(dir, conf)) {
                Matcher m = TABLE_FILE.matcher(f.getPath().getName());
                if (m.matches() && Integer.parseInt(m.group(1)) >= iterations) fs.delete(f.getPath(), false);
            }
        }
    }

    private static Path segments(Path runRoot, String table) { return new Path(new Path(runRoot, SEGMENTS), table); }
}
