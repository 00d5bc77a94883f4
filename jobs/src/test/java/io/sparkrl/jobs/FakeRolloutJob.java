package io.sparkrl.jobs;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stands in for {@code SparkRl rollout} in {@link StandaloneClusterIT} until that verb exists: the
 * same arguments ({@code rollout --episodes N --partitions P --out DIR ...}) and the episodes
 * table's key columns, written by executor tasks running this class's code, so the test also proves
 * that the application's classes reach the cluster.
 */
public final class FakeRolloutJob {

  private static final StructType EPISODES_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("env_id", DataTypes.StringType, false)
      .add("episode_id", DataTypes.StringType, false)
      .add("return", DataTypes.DoubleType, false)
      .add("length", DataTypes.IntegerType, false);

  private FakeRolloutJob() {}

  public static void main(String[] args) {
    Map<String, String> options = parseRolloutOptions(args);
    long episodes = Long.parseLong(options.get("--episodes"));
    int partitions = Integer.parseInt(options.get("--partitions"));
    SparkSession spark = SparkSession.builder().appName("sparkrl-fake-rollout").getOrCreate();
    try {
      spark.range(0, episodes, 1, partitions)
          .mapPartitions(new PlayEpisodes(UUID.randomUUID().toString()), Encoders.row(EPISODES_SCHEMA))
          .write()
          .parquet(options.get("--out") + "/episodes");
    } finally {
      spark.stop();
    }
  }

  /** {@code rollout --name value ...}; options the stand-in has no use for (--env, --seed, ...) are accepted. */
  private static Map<String, String> parseRolloutOptions(String[] args) {
    if (args.length % 2 == 0 || !args[0].equals("rollout")) {
      throw new IllegalArgumentException("usage: rollout --episodes N --partitions P --out DIR [--name value ...]");
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  /** One row per episode number; the id carries the run and the partition, as a real rollout's would. */
  private static final class PlayEpisodes implements MapPartitionsFunction<Long, Row> {
    private final String runId;

    PlayEpisodes(String runId) {
      this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> episodeNumbers) {
      int partition = TaskContext.getPartitionId();
      Stream<Long> numbers = StreamSupport.stream(Spliterators.spliteratorUnknownSize(episodeNumbers, 0), false);
      return numbers
          .map(n -> RowFactory.create(runId, "FakeEnv-v0", runId + "-" + partition + "-" + n, (double) n, (int) (n % 100) + 1))
          .iterator();
    }
  }
}
