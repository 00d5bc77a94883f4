package io.sparkrl.jobs;

import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL over a run directory: its {@code steps} and {@code episodes} tables (and a training run's
 * {@code evaluations}) become views of those names.
 */
public final class QueryJob {
    private QueryJob() {}

    /** Registers the views found under {@code data}; returns their names. */
    public static List<String> registerViews(SparkSession spark, String data) throws IOException {
        Path root = new Path(data);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(root)) throw new BadInputException("data directory " + data + " does not exist: point --data at a run directory (the --out of rollout)");
        List<String> views = new ArrayList<>();
        for (String table : List.of(Tables.STEPS, Tables.EPISODES, Tables.EVALUATIONS)) {
            Path dir = new Path(root, table);
            if (!fs.exists(dir)) continue;
            spark.read().parquet(dir.toString()).createOrReplaceTempView(table);
            views.add(table);
        }
        if (views.isEmpty())
            throw new BadInputException("no steps/ or episodes/ table under " + data + ": point --data at a run directory (the --out of rollout)");
        return views;
    }

    public static Dataset<Row> sql(SparkSession spark, String data, String query) throws IOException {
        if (query == null || query.isBlank()) throw new BadInputException("empty SQL query: pass one, e.g. \"SELECT count(*) FROM episodes\"");
        registerViews(spark, data);
        return spark.sql(query);
    }
}
