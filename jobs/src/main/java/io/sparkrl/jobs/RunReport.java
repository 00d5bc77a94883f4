package io.sparkrl.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.Tables;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.storage.plots.EpisodePoint;
import io.sparkrl.storage.plots.IterationMetrics;
import io.sparkrl.storage.plots.LearningCurves;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A training run's learning curves (PNG) and summary.json, from its episodes table and metrics.csv. */
public final class RunReport {
    private RunReport() {}

    /** Every episode of the run in the order it ended: env steps, seconds since the run began, return. */
    public static List<EpisodePoint> episodes(SparkSession spark, TrainingRun run) {
        Path table = run.table(Tables.EPISODES);
        if (!Files.isDirectory(table))
            throw new BadInputException("no episodes table in " + run.root() + ": train the run first");
        // The schema is given, so a run whose episodes have not ended yet (no files) reads as empty.
        List<Row> rows = spark.read().schema(Tables.EPISODES_SCHEMA).parquet(table.toString())
                .selectExpr("end_global_step", "unix_millis(start_time) / 1000.0 + wall_seconds", "return")
                .orderBy("end_global_step", "episode_id").collectAsList();
        double firstStart = Double.POSITIVE_INFINITY;
        for (Row r : rows) firstStart = Math.min(firstStart, ((Number) r.get(1)).doubleValue());
        List<EpisodePoint> points = new ArrayList<>(rows.size());
        for (Row r : rows)
            points.add(new EpisodePoint(r.getLong(0), ((Number) r.get(1)).doubleValue() - firstStart, r.getDouble(2)));
        return points;
    }

    /** The run's evaluations as points of (env steps, mean return); empty when it was not evaluated. */
    public static List<EpisodePoint> evaluationPoints(SparkSession spark, TrainingRun run) {
        return Evaluations.read(spark, run).stream().map(r -> new EpisodePoint(r.envSteps(), 0, r.meanReturn())).toList();
    }

    /** metrics.csv as series by name against env steps. */
    public static IterationMetrics metrics(TrainingRun run) throws IOException {
        Path file = run.root().resolve(TrainingRun.METRICS);
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (lines.size() < 2) return null;
        String[] header = lines.get(0).split(",");
        int stepsColumn = List.of(header).indexOf("env_steps");
        long[] steps = new long[lines.size() - 1];
        Map<String, double[]> series = new LinkedHashMap<>();
        for (int c = 1; c < header.length; c++)
            if (c != stepsColumn && !header[c].equals("wall_seconds") && !header[c].equals("episodes"))
                series.put(header[c], new double[steps.length]);
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            steps[i - 1] = (long) Double.parseDouble(cells[stepsColumn]);
            for (int c = 1; c < header.length; c++) {
                double[] s = series.get(header[c]);
                if (s != null) s[i - 1] = c < cells.length ? Double.parseDouble(cells[c]) : Double.NaN;
            }
        }
        return new IterationMetrics(steps, series);
    }

    /** Writes the learning-curve PNGs into the run directory; returns their paths. */
    public static List<Path> plots(SparkSession spark, TrainingRun run, String title) throws IOException {
        return LearningCurves.write(run.root(), title, episodes(spark, run), evaluationPoints(spark, run), metrics(run));
    }

    /** Mean return of the last 100 episodes and the best mean over any 100 consecutive episodes (NaN if none). */
    public static double[] lastAndBestMean100(List<EpisodePoint> episodes) {
        int w = LearningCurves.WINDOW, n = episodes.size();
        if (n == 0) return new double[] {Double.NaN, Double.NaN};
        double sum = 0, best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            sum += episodes.get(i).ret();
            if (i >= w) sum -= episodes.get(i - w).ret();
            if (i >= Math.min(w, n) - 1) best = Math.max(best, sum / Math.min(w, i + 1));
        }
        return new double[] {sum / Math.min(w, n), best};
    }

    /**
     * Writes summary.json (atomically) and returns its content: training returns, the run's time (wall_seconds, the
     * collect/update/eval/write seconds it includes and the rest as other_seconds; steps_per_second = env_steps /
     * wall_seconds) and, for a run evaluated with --eval-every, its last and best evaluations.
     */
    public static Map<String, Object> writeSummary(TrainingRun run, TrainJob.Summary s, List<EpisodePoint> episodes,
                                                   List<Evaluations.Result> evaluations) throws IOException {
        double[] means = lastAndBestMean100(episodes);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algo", s.config().algo());
        m.put("env", s.config().envId());
        m.put("seed", s.config().seed());
        m.put("env_steps", s.envSteps());
        // The run's training time, every train call of it together, writes included; its parts follow.
        m.put("wall_seconds", s.wallSeconds());
        m.put("episodes", s.episodes());
        m.put("mean_return_last_100", means[0]);
        m.put("best_mean_return_100", means[1]);
        m.put("steps_per_second", s.envSteps() / Math.max(s.wallSeconds(), 1e-9));
        m.put("collect_seconds", s.collectSeconds());
        m.put("update_seconds", s.updateSeconds());
        m.put("eval_seconds", s.evalSeconds());
        m.put("write_seconds", s.writeSeconds());
        m.put("other_seconds", Math.max(0, s.wallSeconds() - s.collectSeconds() - s.updateSeconds() - s.evalSeconds() - s.writeSeconds()));
        if (!evaluations.isEmpty()) {
            m.put("last_evaluation", evaluations.get(evaluations.size() - 1));
            m.put("best_evaluation", evaluations.stream().max(java.util.Comparator.comparingDouble(Evaluations.Result::meanReturn)).orElseThrow());
        }
        TrainingRun.writeAtomically(run.root().resolve(TrainingRun.SUMMARY),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        return m;
    }
}
