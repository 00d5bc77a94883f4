package io.sparkrl.storage;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Training tables written before sparkrl streamed its segments: one {@code iteration=N/} directory per iteration,
 * the column in the path rather than in the files. Resuming such a run rewrites each table once as files that carry
 * the column (Spark cannot read a table that mixes both layouts).
 */
public final class LegacyTables {
    private LegacyTables() {}

    private static final String PARTITION_PREFIX = Tables.PARTITION_COLUMN + "=";

    /**
     * Rewrites {@code table} (a local directory) if it has the old layout, keeping iterations below {@code iterations}
     * (the checkpoint being resumed) and forgetting the rest, as a resume does. The rewrite goes to a hidden sibling
     * swapped in by renames; an interrupted swap is finished or undone on the next call.
     */
    public static void migrate(SparkSession spark, Path table, int iterations) throws IOException {
        String name = table.getFileName().toString();
        Path backup = table.resolveSibling("." + name + ".legacy"), rewritten = table.resolveSibling("." + name + ".migrating");
        if (Files.isDirectory(backup)) {
            if (Files.isDirectory(table) && partitions(table).isEmpty()) {
                TrainingRun.deleteRecursively(backup); // the swap had finished
            } else {
                TrainingRun.deleteRecursively(table);
                Files.move(backup, table);
            }
        }
        if (!Files.isDirectory(table) || partitions(table).isEmpty()) return;
        for (Path p : entries(table)) {
            String entry = p.getFileName().toString();
            boolean stale = entry.startsWith(".spark-staging-") || entry.equals("_temporary");
            if (entry.startsWith(PARTITION_PREFIX)) stale = Integer.parseInt(entry.substring(PARTITION_PREFIX.length())) >= iterations;
            if (stale) TrainingRun.deleteRecursively(p);
        }
        TrainingRun.deleteRecursively(rewritten);
        if (!partitions(table).isEmpty())
            spark.read().parquet(table.toString()).where(col(Tables.PARTITION_COLUMN).lt(iterations)).coalesce(1)
                    .write().parquet(rewritten.toString());
        else
            Files.createDirectories(rewritten);
        Files.move(table, backup);
        Files.move(rewritten, table);
        TrainingRun.deleteRecursively(backup);
    }

    private static List<Path> partitions(Path table) throws IOException {
        return entries(table).stream().filter(p -> p.getFileName().toString().matches(PARTITION_PREFIX + "\\d+")).toList();
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
