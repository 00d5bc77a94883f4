package io.sparkrl.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.Tables;
import io.sparkrl.storage.TensorBoardEvents;
import io.sparkrl.storage.TrainingRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The TensorBoard events of a run, in its {@code tensorboard/} directory (docs/SCHEMA.md), with SB3's tag names where
 * SB3 has one. Train: every metrics.csv column at step {@code env_steps} ({@code time/total_timesteps} for env_steps
 * itself, {@code time/iteration}, {@code time/episodes}, {@code time/fps} and {@code time/<x>_seconds}, the learner's
 * columns as {@code train/<column>}), {@code rollout/ep_rew_mean} and {@code rollout/ep_len_mean} over the last 100
 * episodes, each episode's {@code rollout/episode_return} and {@code rollout/episode_length} at the step it ended,
 * each evaluation's {@code eval/mean_reward} and {@code eval/mean_ep_length}, and config.json as the text
 * {@code config} at step 0. Pretrain: {@code pretrain/loss} and {@code pretrain/action_agreement} at step = epoch.
 *
 * <p>Each train call writes a new events file (TensorBoard merges a directory's files) and flushes it after every
 * iteration, so a live {@code tensorboard} follows the run. A resumed call first writes a session start at the
 * checkpoint's env steps + 1: TensorBoard's Python loaders then drop what an interrupted call wrote past that
 * checkpoint, and its fast loader (the Rust data server) drops a tag's points when the tag goes back to an earlier
 * step, so the redone iterations replace them either way. A run restarted from no checkpoint starts its events over.
 */
final class TrainingEvents implements TrainJob.Listener {
    static final String DIR = "tensorboard";
    static final String CONFIG_TAG = "config";
    private static final int WINDOW = 100;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TensorBoardEvents out;
    private final TrainJob.Listener next;
    /** Return and length of the run's last (up to) 100 episodes. */
    private final ArrayDeque<double[]> recent = new ArrayDeque<>();

    private TrainingEvents(TensorBoardEvents out, TrainJob.Listener next) {
        this.out = out;
        this.next = next;
    }

    /**
     * {@code next} with the run's events written around it, for a train call resuming after {@code progress} (a new
     * run: zero iterations). On resume, the rolling means start from the episodes table's last 100 episodes.
     */
    static TrainJob.Listener around(TrainJob.Listener next, SparkSession spark, TrainingRun run, TrainJob.Progress progress)
            throws IOException {
        Path dir = run.root().resolve(DIR);
        if (progress.iterations() == 0) TrainingRun.deleteRecursively(dir); // the run starts over, as metrics.csv does
        boolean first = !Files.isDirectory(dir);
        TrainingEvents events = new TrainingEvents(TensorBoardEvents.create(dir), next);
        events.out.sessionStart(progress.iterations() == 0 ? 0 : progress.envSteps() + 1);
        if (first) events.out.text(CONFIG_TAG, 0, configText(run.readConfig()));
        Path table = run.table(Tables.EPISODES);
        if (progress.iterations() > 0 && Files.isDirectory(table)) {
            List<Row> last = spark.read().schema(Tables.EPISODES_SCHEMA).parquet(table.toString())
                    .orderBy(col("end_global_step").desc(), col("episode_id").desc()).limit(WINDOW)
                    .select("return", "length").collectAsList();
            for (Row r : last) events.recent.addFirst(new double[] {r.getDouble(0), r.getInt(1)});
        }
        events.out.flush();
        return events;
    }

    /** A run's config as Markdown: its JSON in a code block. */
    static String configText(ObjectNode config) throws JsonProcessingException {
        return "```json\n" + JSON.writeValueAsString(config) + "\n```";
    }

    /** The tag of a metrics.csv column. */
    static String tag(String column) {
        return switch (column) {
            case "env_steps" -> "time/total_timesteps";
            case "iteration", "episodes", "fps" -> "time/" + column;
            default -> (column.endsWith("_seconds") ? "time/" : "train/") + column;
        };
    }

    @Override public void started(String learner) { next.started(learner); }

    @Override public void evaluated(Evaluations.Result r, boolean best) {
        out.scalar("eval/mean_reward", r.envSteps(), r.meanReturn()).scalar("eval/mean_ep_length", r.envSteps(), r.meanLength());
        next.evaluated(r, best);
    }

    @Override public void iteration(int iteration, long envSteps, long totalSteps, List<Segment.FinishedEpisode> episodes,
                                    Map<String, Double> metrics) {
        // In the order they ended (partitions report theirs one after another): TensorBoard's fast loader keeps a
        // tag's steps increasing, dropping earlier points at or past a step that goes back.
        List<Segment.FinishedEpisode> ended = new ArrayList<>(episodes);
        ended.sort(Comparator.comparingLong(Segment.FinishedEpisode::endGlobalStep));
        for (Segment.FinishedEpisode e : ended) {
            out.scalar("rollout/episode_return", e.endGlobalStep(), e.episodeReturn())
                    .scalar("rollout/episode_length", e.endGlobalStep(), e.length());
            recent.addLast(new double[] {e.episodeReturn(), e.length()});
            if (recent.size() > WINDOW) recent.removeFirst();
        }
        if (!recent.isEmpty()) {
            out.scalar("rollout/ep_rew_mean", envSteps, recent.stream().mapToDouble(x -> x[0]).average().orElseThrow())
                    .scalar("rollout/ep_len_mean", envSteps, recent.stream().mapToDouble(x -> x[1]).average().orElseThrow());
        }
        out.scalar(tag("iteration"), envSteps, iteration);
        metrics.forEach((column, value) -> out.scalar(tag(column), envSteps, value));
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard events " + out.file() + ": " + e.getMessage(), e);
        }
        next.iteration(iteration, envSteps, totalSteps, episodes, metrics);
    }

    /** Pretrain's epochs, kept (with the time each ended) until its run directory exists. */
    static final class Epochs implements PretrainJob.Listener {
        private final PretrainJob.Listener next;
        private final List<double[]> epochs = new ArrayList<>();

        Epochs(PretrainJob.Listener next) { this.next = next; }

        @Override public void epoch(int epoch, double loss, double accuracy) {
            epochs.add(new double[] {epoch, loss, accuracy, System.currentTimeMillis() / 1000.0});
            next.epoch(epoch, loss, accuracy);
        }

        /** Writes the epochs (action agreement only where defined: discrete actions) and the config. */
        void write(TrainingRun run) throws IOException {
            TensorBoardEvents out = TensorBoardEvents.create(run.root().resolve(DIR));
            out.sessionStart(0).text(CONFIG_TAG, 0, configText(run.readConfig()));
            for (double[] e : epochs) {
                out.scalar("pretrain/loss", (long) e[0], e[1], e[3]);
                if (!Double.isNaN(e[2])) out.scalar("pretrain/action_agreement", (long) e[0], e[2], e[3]);
            }
            out.flush();
        }
    }
}
