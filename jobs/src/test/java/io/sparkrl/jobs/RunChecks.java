package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.training.Agents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What every finished train run must satisfy, whatever stopped, killed or resumed it. */
final class RunChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunChecks() {}

  /**
   * A finished train run: metrics rows for iterations 0..N-1 once each; steps table rows of iterations 0..N-1
   * of {@code stepsPerIteration} rows each, no step twice; every finished episode once, with as many steps rows as
   * its length; the last checkpoint's counters agree with the tables.
   */
  static void assertEveryIterationOnce(SparkSession spark, Path run, int iterations, int stepsPerIteration) throws Exception {
    List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
    assertTrue(metrics.get(0).startsWith("iteration,"), "header first: " + metrics.get(0));
    assertEquals(IntStream.range(0, iterations).boxed().toList(), metricsIterations(run), "metrics.csv iterations");
    assertEquals(1, metrics.stream().filter(l -> l.startsWith("iteration,")).count(), "one header");

    long steps = (long) iterations * stepsPerIteration;
    assertEquals(iterations, latestCheckpoint(run), "LATEST");
    Path checkpoint = run.resolve("checkpoints").resolve(String.format("iter-%06d", iterations));
    JsonNode progress = JSON.readTree(checkpoint.resolve("progress.json").toFile());
    assertEquals(iterations, progress.get("iterations").asInt(), progress.toString());
    assertEquals(steps, progress.get("envSteps").asLong(), progress.toString());
    assertEquals(steps, Agents.load(checkpoint).envSteps(), "learner's env steps");

    {
      spark.read().parquet(run.resolve("steps").toString()).createOrReplaceTempView("steps");
      spark.read().parquet(run.resolve("episodes").toString()).createOrReplaceTempView("episodes");
      List<Row> perIteration = spark.sql("SELECT iteration, count(*) FROM steps GROUP BY iteration ORDER BY iteration").collectAsList();
      List<String> expected = IntStream.range(0, iterations).mapToObj(i -> "[" + i + "," + stepsPerIteration + "]").toList();
      assertEquals(expected, perIteration.stream().map(Row::toString).toList(), "steps rows per iteration");
      Row s = spark.sql("SELECT count(*), count(DISTINCT episode_id, step) FROM steps").first();
      assertEquals(steps, s.getLong(0), "steps rows");
      assertEquals(steps, s.getLong(1), "distinct (episode_id, step)");
      Row e = spark.sql("SELECT count(*), count(DISTINCT episode_id), coalesce(min(iteration), 0), coalesce(max(iteration), 0) FROM episodes").first();
      assertEquals(e.getLong(0), e.getLong(1), "episode ids written more than once");
      assertTrue(e.getLong(0) > 0 && e.getInt(2) >= 0 && e.getInt(3) < iterations, "episodes table: " + e);
      assertEquals(progress.get("episodes").asLong(), e.getLong(0), "checkpoint's episode count vs the episodes table");
      List<Row> wrongLength = spark.sql("SELECT e.episode_id, e.length, s.n FROM episodes e LEFT JOIN "
          + "(SELECT episode_id, count(*) n FROM steps GROUP BY episode_id) s ON e.episode_id = s.episode_id "
          + "WHERE s.n IS NULL OR s.n != e.length").limit(5).collectAsList();
      assertEquals(List.of(), wrongLength, "finished episodes whose steps rows are not their length (id, length, rows)");
    }
  }

  /** The iteration column of metrics.csv's complete rows, in file order. */
  static List<Integer> metricsIterations(Path run) throws IOException {
    Path file = run.resolve("metrics.csv");
    if (!Files.exists(file)) return List.of();
    List<Integer> iterations = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      int comma = line.indexOf(',');
      if (comma > 0 && !line.startsWith("iteration")) iterations.add(Integer.parseInt(line.substring(0, comma)));
    }
    return iterations;
  }

  /** The iteration count LATEST names, or -1 without one. */
  static int latestCheckpoint(Path run) throws IOException {
    Path latest = run.resolve("checkpoints/LATEST");
    if (!Files.exists(latest)) return -1;
    String name = Files.readString(latest).trim();
    return name.isEmpty() ? -1 : Integer.parseInt(name.substring("iter-".length()));
  }
}
