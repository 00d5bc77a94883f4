package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.storage.TensorBoardEvents;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.training.fit.Fitting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train and pretrain write TensorBoard events that TensorBoard's own loader (the Python package, its
 * EventAccumulator) reads back with the values and steps of metrics.csv, the episodes and evaluations tables and
 * config.json (issue #20). The train run stops after 3 iterations and resumes, with events an interrupted call would
 * have left past the checkpoint: TensorBoard must show the resumed values only. The package comes from a virtualenv
 * that src/test/python/setup-venv.sh makes; where it cannot, the test is skipped, but fails when {@code CI=true}.
 */
class TensorBoardRunTest {
    @TempDir static Path tmp;
    static SparkSession spark;
    static Path python;
    /** Why the test cannot run here (no virtualenv with tensorboard), or null. */
    static String missing;
    private static final Path PYTHON_DIR = Path.of("src/test/python").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll static void setUp() throws Exception {
        python = venvPython();
        if (python != null) spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll static void stop() {
        if (spark != null) spark.stop();
    }

    /** The virtualenv's python, with tensorboard; null (and {@link #missing} says why) where it cannot be made. */
    private static Path venvPython() throws Exception {
        Path log = Files.createTempFile("setup-venv", ".log");
        Process p = new ProcessBuilder("bash", PYTHON_DIR.resolve("setup-venv.sh").toString())
                .redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (done && p.exitValue() == 0 && Files.isExecutable(Path.of(out, "bin", "python"))) return Path.of(out, "bin", "python");
        String why = "no Python virtualenv with tensorboard (" + PYTHON_DIR.resolve("setup-venv.sh") + " failed: "
                + Files.readString(log).strip() + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why + " (CI=true: the TensorBoard test must run)");
        missing = why;
        return null;
    }

    /** What TensorBoard reads from {@code dir}: read_tensorboard.py's JSON. */
    private static JsonNode readBack(Path dir) throws Exception {
        Path err = tmp.resolve("read_tensorboard.err");
        Process p = new ProcessBuilder(python.toString(), PYTHON_DIR.resolve("read_tensorboard.py").toString(), dir.toString())
                .redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "read_tensorboard.py did not finish");
        assertEquals(0, p.exitValue(), () -> {
            try {
                return Files.readString(err);
            } catch (IOException e) {
                return e.toString();
            }
        });
        return JSON.readTree(out);
    }

    /** A series as TensorBoard holds it, sorted by step then value (episodes may end at the same step). */
    private static List<double[]> series(JsonNode events, String tag) {
        JsonNode points = events.get("scalars").get(tag);
        assertTrue(points != null, "no scalars " + tag + " in " + events.get("scalars").fieldNames());
        List<double[]> s = new ArrayList<>();
        for (JsonNode p : points) s.add(new double[] {p.get(0).asLong(), p.get(1).asDouble()});
        s.sort(Comparator.<double[]>comparingDouble(x -> x[0]).thenComparingDouble(x -> x[1]));
        return s;
    }

    /** Points (step, value) with each value as TensorBoard stores it (float32), in the same order as {@link #series}. */
    private static List<double[]> expected(List<double[]> points) {
        List<double[]> s = new ArrayList<>();
        for (double[] p : points) s.add(new double[] {p[0], (float) p[1]});
        s.sort(Comparator.<double[]>comparingDouble(x -> x[0]).thenComparingDouble(x -> x[1]));
        return s;
    }

    private static void assertSeries(List<double[]> expected, List<double[]> actual, double tolerance, String tag) {
        assertEquals(expected.size(), actual.size(), tag + ": number of points");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i)[0], actual.get(i)[0], tag + ": step of point " + i);
            assertEquals(expected.get(i)[1], actual.get(i)[1], tolerance * Math.max(1, Math.abs(expected.get(i)[1])),
                    tag + ": value at step " + (long) expected.get(i)[0]);
        }
    }

    private static void assertConfigText(JsonNode events, Path run) throws IOException {
        JsonNode texts = events.get("texts").get(TrainingEvents.CONFIG_TAG);
        assertEquals(1, texts.size(), texts.toString());
        assertEquals(0, texts.get(0).get(0).asLong());
        String text = texts.get(0).get(1).asText();
        assertTrue(text.startsWith("```json\n") && text.endsWith("\n```"), text);
        assertEquals(JSON.readTree(run.resolve(TrainingRun.CONFIG).toFile()), JSON.readTree(text.substring(8, text.length() - 4)));
        assertTrue(events.get("text_plugin_tags").toString().contains("\"config\""), events.get("text_plugin_tags").toString());
    }

    @Test void trainAndPretrainEventsReadBackAsTheirCsvAndTables() throws Exception {
        assumeTrue(missing == null, () -> "skipped: " + missing);
        Path run = tmp.resolve("run");
        // 4 envs x 64 steps = 256 steps per iteration, 6 iterations; evaluations every 512 steps.
        String hp = "{\"n_envs\":4,\"n_steps\":64,\"n_epochs\":1,\"batch_size\":128,\"n_timesteps\":1536}";
        Evaluations.Settings eval = new Evaluations.Settings(512, 2, 1_000_000, true);
        TrainJob.Options first = new TrainJob.Options("CartPole-v1", null, "ppo", run, 3, 2, hp, 2, 3, false, null,
                Fitting.LOCAL, eval);
        TrainJob.run(spark, first, TrainJob.prepare(first), (i, s, t, e, m) -> {}, () -> false);
        // What a call killed after its checkpoint at 768 steps would have left: events past it, in its (earlier) file.
        TensorBoardEvents orphans = TensorBoardEvents.create(run.resolve(TrainingEvents.DIR));
        orphans.scalar("train/value_loss", 1024, 999).scalar("rollout/episode_return", 1000, -5).scalar("eval/mean_reward", 1024, -5);
        orphans.flush();
        TrainJob.Options resume = new TrainJob.Options(null, null, null, run, 3, 2, null, 2, Integer.MAX_VALUE, false, null,
                Fitting.LOCAL, eval);
        TrainJob.Summary s = TrainJob.run(spark, resume, TrainJob.prepare(resume), (i, st, t, e, m) -> {}, () -> false);
        assertTrue(s.finished());
        try (var files = Files.list(run.resolve(TrainingEvents.DIR))) {
            assertEquals(3, files.count(), "one events file per train call, and the orphans' file");
        }
        JsonNode events = readBack(run.resolve(TrainingEvents.DIR));

        // Every metrics.csv column, at its row's env_steps.
        List<String> lines = Files.readAllLines(run.resolve(TrainingRun.METRICS));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(7, lines.size(), String.join("\n", lines));
        int stepsColumn = header.indexOf("env_steps");
        for (int c = 0; c < header.size(); c++) {
            List<double[]> points = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                points.add(new double[] {Double.parseDouble(cells[stepsColumn]), Double.parseDouble(cells[c])});
            }
            String tag = TrainingEvents.tag(header.get(c));
            assertSeries(expected(points), series(events, tag), 0, tag);
        }
        for (String tag : List.of("time/total_timesteps", "time/iteration", "time/fps", "time/episodes", "time/wall_seconds",
                "time/collect_seconds", "train/policy_loss", "train/value_loss", "train/approx_kl"))
            assertTrue(events.get("scalars").has(tag), "no " + tag + " in " + events.get("scalars").fieldNames());

        // Each episode at its end step; the rolling means over the last 100 at each iteration's steps.
        List<Row> episodes = spark.read().parquet(run.resolve("episodes").toString())
                .orderBy("end_global_step", "episode_id").select("end_global_step", "return", "length").collectAsList();
        assertTrue(episodes.size() > 10, episodes.size() + " episodes");
        List<double[]> returns = new ArrayList<>(), lengths = new ArrayList<>(), meanReturns = new ArrayList<>(),
                meanLengths = new ArrayList<>();
        for (Row e : episodes) {
            returns.add(new double[] {e.getLong(0), e.getDouble(1)});
            lengths.add(new double[] {e.getLong(0), e.getInt(2)});
        }
        for (String line : lines.subList(1, lines.size())) {
            long steps = (long) Double.parseDouble(line.split(",")[stepsColumn]);
            List<Row> done = episodes.stream().filter(e -> e.getLong(0) <= steps).toList();
            List<Row> window = done.subList(Math.max(0, done.size() - 100), done.size());
            if (window.isEmpty()) continue;
            meanReturns.add(new double[] {steps, window.stream().mapToDouble(e -> e.getDouble(1)).average().orElseThrow()});
            meanLengths.add(new double[] {steps, window.stream().mapToDouble(e -> e.getInt(2)).average().orElseThrow()});
        }
        assertSeries(expected(returns), series(events, "rollout/episode_return"), 0, "rollout/episode_return");
        assertSeries(expected(lengths), series(events, "rollout/episode_length"), 0, "rollout/episode_length");
        assertSeries(expected(meanReturns), series(events, "rollout/ep_rew_mean"), 1e-6, "rollout/ep_rew_mean");
        assertSeries(expected(meanLengths), series(events, "rollout/ep_len_mean"), 1e-6, "rollout/ep_len_mean");

        // Evaluations, with SB3's names.
        List<Evaluations.Result> evaluations = Evaluations.read(spark, new TrainingRun(run));
        assertEquals(3, evaluations.size(), evaluations.toString());
        assertSeries(expected(evaluations.stream().map(r -> new double[] {r.envSteps(), r.meanReturn()}).toList()),
                series(events, "eval/mean_reward"), 0, "eval/mean_reward");
        assertSeries(expected(evaluations.stream().map(r -> new double[] {r.envSteps(), r.meanLength()}).toList()),
                series(events, "eval/mean_ep_length"), 0, "eval/mean_ep_length");
        assertConfigText(events, run);

        // pretrain (behaviour cloning on the run's steps): its epochs' loss and action agreement.
        Path pre = tmp.resolve("pretrained");
        Cli c = Cli.run("pretrain", "--data", run.toString(), "--run", pre.toString(), "--epochs", "2", "--batch-size", "256",
                "--master", "local[2]");
        assertEquals(0, c.code(), c.toString());
        JsonNode preEvents = readBack(pre.resolve(TrainingEvents.DIR));
        List<double[]> loss = new ArrayList<>(), agreement = new ArrayList<>();
        List<String> csv = Files.readAllLines(pre.resolve("pretrain-metrics.csv"));
        assertEquals("epoch,loss,action_agreement", csv.get(0));
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",");
            loss.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1])});
            agreement.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[2])});
        }
        assertEquals(2, loss.size());
        assertSeries(expected(loss), series(preEvents, "pretrain/loss"), 0, "pretrain/loss");
        assertSeries(expected(agreement), series(preEvents, "pretrain/action_agreement"), 0, "pretrain/action_agreement");
        assertConfigText(preEvents, pre);
    }
}
