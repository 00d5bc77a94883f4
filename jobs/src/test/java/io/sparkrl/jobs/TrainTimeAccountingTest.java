package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.training.fit.Fitting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's wall time counts everything the training loop does, Parquet and checkpoint writes included (issue #17):
 * summary.json and metrics.csv against the time measured around TrainJob.run, across a resume. Only inequalities
 * that hold on any machine, however slow.
 */
class TrainTimeAccountingTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    private static final double EPS = 1e-6;

    @BeforeAll static void session() {
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() {
        spark.stop();
    }

    /** Nanosecond times of one TrainJob.run call: its learner ready, and every iteration's listener call. */
    private static final class Times implements TrainJob.Listener {
        long started;
        final List<Long> iterations = new ArrayList<>();

        @Override public void started(String learner) { started = System.nanoTime(); }

        @Override public void iteration(int iteration, long envSteps, long totalSteps, List<Segment.FinishedEpisode> episodes,
                                        Map<String, Double> metrics) {
            iterations.add(System.nanoTime());
        }

        /** Seconds from the learner ready to the {@code i}-th iteration's listener call (negative: from the end). */
        double secondsTo(int i) { return (iterations.get(i < 0 ? iterations.size() + i : i) - started) / 1e9; }
    }

    private static TrainJob.Summary train(Path run, TrainJob.Options o, Times times) throws Exception {
        TrainJob.RunConfig c = TrainJob.prepare(o);
        TrainJob.Summary s = TrainJob.run(spark, o, c, times, () -> false);
        TrainingRun r = new TrainingRun(run);
        RunReport.writeSummary(r, s, RunReport.episodes(spark, r), Evaluations.read(spark, r));
        return s;
    }

    @Test void wallTimeCountsWritesAndEvaluationsAcrossAResume() throws Exception {
        Path run = tmp.resolve("run");
        // 4 envs x 64 steps = 256 steps per iteration, 8 iterations; a checkpoint every 2 iterations and on stop;
        // evaluations at 768, 1,536 and 2,048 steps.
        Evaluations.Settings eval = new Evaluations.Settings(768, 2, 1_000_000, true);
        String hp = "{\"n_envs\":4,\"n_steps\":64,\"n_epochs\":2,\"batch_size\":128,\"n_timesteps\":2048}";
        Times first = new Times(), second = new Times();
        TrainJob.Summary s1 = train(run, new TrainJob.Options("CartPole-v1", null, "ppo", run, 3, 2, hp, 2, 3, false, null,
                Fitting.LOCAL, eval), first);
        assertEquals(3, s1.iterations());
        // The first call's wall time covers its writes: at least the time from its learner ready to its last progress
        // call, which comes after that call's final checkpoint.
        assertTrue(s1.wallSeconds() >= first.secondsTo(-1), s1.wallSeconds() + " s < " + first.secondsTo(-1) + " s measured");
        TrainJob.Summary s2 = train(run, new TrainJob.Options(null, null, null, run, 3, 2, null, 2, Integer.MAX_VALUE, false,
                null, Fitting.LOCAL, eval), second);
        assertTrue(s2.finished());
        assertEquals(8, s2.iterations());
        // Resumed: the first call's time (its checkpoint's, recorded before its last progress call, so from its
        // second-to-last one) plus the second call's.
        assertTrue(s2.wallSeconds() >= first.secondsTo(-2) + second.secondsTo(-1),
                s2.wallSeconds() + " s < " + first.secondsTo(-2) + " + " + second.secondsTo(-1) + " s measured");

        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(9, lines.size(), String.join("\n", lines));
        int collect = header.indexOf("collect_seconds"), update = header.indexOf("update_seconds"),
                evalColumn = header.indexOf("eval_seconds"), write = header.indexOf("write_seconds"),
                wall = header.indexOf("wall_seconds");
        assertTrue(collect > 0 && update > 0 && evalColumn > 0 && write > 0 && wall > 0, lines.get(0));
        Set<Integer> evaluated = new TreeSet<>();
        for (Row r : spark.read().parquet(run.resolve("evaluations").toString()).select("iteration").distinct().collectAsList())
            evaluated.add(((Number) r.get(0)).intValue());
        assertEquals(Set.of(2, 5, 7), evaluated);
        Set<Integer> written = Set.of(1, 2, 3, 5, 7); // every 2 iterations, and the first call's stop after 3
        double parts = 0, collectSum = 0, updateSum = 0, evalSum = 0, writeSum = 0, lastWall = 0;
        for (int i = 0; i < 8; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(String.valueOf(i), cells[0]);
            double c = Double.parseDouble(cells[collect]), u = Double.parseDouble(cells[update]),
                    e = Double.parseDouble(cells[evalColumn]), w = Double.parseDouble(cells[write]),
                    rowWall = Double.parseDouble(cells[wall]);
            assertTrue(written.contains(i) ? w > 0 : w == 0, "write_seconds " + w + " at iteration " + i);
            assertTrue(evaluated.contains(i) ? e > 0 : e == 0, "eval_seconds " + e + " at iteration " + i);
            parts += c + u + e + w;
            collectSum += c;
            updateSum += u;
            evalSum += e;
            writeSum += w;
            // Cumulative, across the resume: each row's wall time covers every part so far, its own write included.
            assertTrue(rowWall + EPS >= parts, "wall_seconds " + rowWall + " < " + parts + " of parts at iteration " + i);
            assertTrue(rowWall >= lastWall, "wall_seconds went back at iteration " + i);
            lastWall = rowWall;
        }
        assertTrue(s2.wallSeconds() >= lastWall);

        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        double total = summary.get("wall_seconds").asDouble();
        assertEquals(s2.wallSeconds(), total, 1e-9);
        assertTrue(total + EPS >= parts, total + " s < " + parts + " s of parts");
        assertEquals(collectSum, summary.get("collect_seconds").asDouble(), EPS);
        assertEquals(updateSum, summary.get("update_seconds").asDouble(), EPS);
        assertEquals(evalSum, summary.get("eval_seconds").asDouble(), EPS);
        assertTrue(summary.get("write_seconds").asDouble() + EPS >= writeSum); // plus each checkpoint's last rename
        double sum = 0;
        for (String k : List.of("collect_seconds", "update_seconds", "eval_seconds", "write_seconds", "other_seconds"))
            sum += summary.get(k).asDouble();
        assertEquals(total, sum, EPS);
        assertEquals(summary.get("env_steps").asDouble() / total, summary.get("steps_per_second").asDouble(), 1e-6);
    }

    /** A run an older sparkrl wrote (no eval/write columns, no split times in its checkpoint) resumes and plots. */
    @Test void aRunOfAnOlderVersionResumesWithTheNewColumns() throws Exception {
        Path run = tmp.resolve("old");
        String hp = "{\"n_envs\":4,\"n_steps\":64,\"n_epochs\":1,\"batch_size\":128,\"n_timesteps\":768}";
        train(run, new TrainJob.Options("CartPole-v1", null, "ppo", run, 3, 2, hp, 2, 2, false, null, Fitting.LOCAL,
                Evaluations.Settings.OFF), new Times());
        Path metrics = run.resolve("metrics.csv"), progress = run.resolve("checkpoints/iter-000002/progress.json");
        List<String> header = List.of(Files.readAllLines(metrics).get(0).split(","));
        int evalColumn = header.indexOf("eval_seconds"), write = header.indexOf("write_seconds");
        StringBuilder older = new StringBuilder();
        for (String line : Files.readAllLines(metrics)) {
            List<String> cells = new ArrayList<>(List.of(line.split(",")));
            cells.remove(write);
            cells.remove(evalColumn);
            older.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(metrics, older);
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode p = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(progress.toFile());
        double before = p.get("wallSeconds").asDouble();
        p.retain("iterations", "envSteps", "episodes", "wallSeconds");
        Files.writeString(progress, p.toString());

        TrainJob.Summary s = train(run, new TrainJob.Options(null, null, null, run, 3, 2, null, 2, Integer.MAX_VALUE, false,
                null, Fitting.LOCAL, Evaluations.Settings.OFF), new Times());
        assertEquals(3, s.iterations());
        assertTrue(s.wallSeconds() > before + s.collectSeconds() + s.updateSeconds() + s.writeSeconds() - EPS, s.toString());
        List<String> lines = Files.readAllLines(metrics), expected = new ArrayList<>(header);
        expected.removeAll(List.of("eval_seconds", "write_seconds"));
        expected.addAll(List.of("eval_seconds", "write_seconds")); // the old columns first, then the new ones
        assertEquals(expected, List.of(lines.get(0).split(",")));
        int newWrite = expected.indexOf("write_seconds");
        assertEquals("NaN", lines.get(1).split(",")[newWrite]);
        assertTrue(Double.parseDouble(lines.get(3).split(",")[newWrite]) > 0, lines.get(3));
        assertTrue(Double.isNaN(RunReport.metrics(new TrainingRun(run)).series().get("write_seconds")[0]));
        for (Path png : RunReport.plots(spark, new TrainingRun(run), "old")) assertTrue(Files.size(png) > 1000, png.toString());
    }
}
