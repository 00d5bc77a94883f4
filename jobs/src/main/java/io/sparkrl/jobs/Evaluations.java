package io.sparkrl.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.SingleObservationPolicy;
import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.EpisodePlayer;
import io.sparkrl.rollout.runner.Frames;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.SegmentFiles;
import io.sparkrl.storage.Tables;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.training.Agent;
import io.sparkrl.training.PolicySnapshot;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Periodic evaluation during training, as SB3's {@code EvalCallback} and RLlib's evaluation workers: every
 * {@code every} env steps the driver broadcasts the current policy and a Spark job plays {@code episodes} episodes on
 * the executors, episode {@code i} reset with seed {@code seed + i} and acting greedily (unless stochastic): the very
 * episodes {@code sparkrl play --deterministic --seed S --episodes N} plays from the same weights. The episodes go to
 * the run's {@code evaluations} table (partition: the iteration), and the learner with the best mean return so far
 * to {@code best/}, for {@code play --best}. rl-zoo's published scores are such evaluations, not training returns.
 */
public final class Evaluations {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String BEST = "best", BEST_RESULT = "evaluation.json";
    /** Guards envs without a time limit, as play does. */
    private static final int MAX_EPISODE_STEPS = 1_000_000;

    private Evaluations() {}

    /** What to evaluate: every {@code every} env steps (0: never), {@code episodes} episodes seeded from {@code seed}. */
    public record Settings(long every, int episodes, long seed, boolean deterministic) implements Serializable {
        public static final Settings OFF = new Settings(0, 10, 1_000_000, true);

        public Settings {
            if (every < 0) throw new BadInputException("--eval-every must be 0 (off) or a positive number of env steps, got " + every);
            if (episodes <= 0) throw new BadInputException("--eval-episodes must be positive, got " + episodes);
        }

        public boolean on() { return every > 0; }

        /**
         * Whether training from {@code before} to {@code after} env steps passed a multiple of {@code every}, or
         * reached {@code total} (the final model, which rl-zoo scores).
         */
        public boolean due(long before, long after, long total) {
            return on() && (after / every > before / every || after >= total);
        }
    }

    /** One evaluation's statistics over its episodes' returns (population std, as SB3's). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int iteration, long envSteps, int episodes, double meanReturn, double stdReturn,
                         double minReturn, double maxReturn, double meanLength) {
        /** The statistics of episodes with these returns and lengths (also play's --summary). */
        public static Result of(int iteration, long envSteps, double[] returns, int[] lengths) {
            double mean = Arrays.stream(returns).average().orElse(Double.NaN);
            double variance = Arrays.stream(returns).map(r -> (r - mean) * (r - mean)).average().orElse(Double.NaN);
            return new Result(iteration, envSteps, returns.length, mean, Math.sqrt(variance),
                    Arrays.stream(returns).min().orElse(Double.NaN), Arrays.stream(returns).max().orElse(Double.NaN),
                    Arrays.stream(lengths).average().orElse(Double.NaN));
        }
    }

    /**
     * Plays the evaluation episodes of the policy after iteration {@code iteration}'s update on the executors (as
     * many partitions as the run collects with; {@code onDriver}: in this JVM, when the actors hold every task slot),
     * writes them as the {@code evaluations} table's file for that iteration (replacing one a crashed run left) and
     * returns their statistics.
     */
    static Result run(SparkSession spark, TrainingRun run, TrainJob.RunConfig c, Settings s, PolicySnapshot snapshot,
                      int iteration, long envSteps, boolean onDriver) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Tables.Provenance provenance = new Tables.Provenance(c.runId(), c.envId(), c.algo(), iteration + 1L, iteration);
        List<Integer> episodes = IntStream.range(0, s.episodes()).boxed().toList();
        List<Row> rows;
        if (onDriver) {
            rows = play(c, s, snapshot, provenance, envSteps, episodes.iterator());
        } else {
            Broadcast<PolicySnapshot> policy = jsc.broadcast(snapshot);
            try {
                rows = jsc.parallelize(episodes, Math.max(1, Math.min(s.episodes(), c.partitions())))
                        .mapPartitions(indices -> play(c, s, policy.value(), provenance, envSteps, indices).iterator()).collect();
            } finally {
                policy.destroy();
            }
        }
        // One file per evaluation, replaced if a crashed run had written it (a resume drops those past its checkpoint).
        SegmentFiles.writeRows(new org.apache.hadoop.fs.Path(run.table(Tables.EVALUATIONS).toUri().toString(),
                String.format("part-i%06d.parquet", iteration)), Tables.EVALUATIONS_SCHEMA, rows.iterator(), jsc.hadoopConfiguration());
        int returnColumn = Tables.EVALUATIONS_SCHEMA.fieldIndex("return"), lengthColumn = Tables.EVALUATIONS_SCHEMA.fieldIndex("length");
        return Result.of(iteration, envSteps, rows.stream().mapToDouble(r -> r.getDouble(returnColumn)).toArray(),
                rows.stream().mapToInt(r -> r.getInt(lengthColumn)).toArray());
    }

    /** Plays evaluation episodes {@code indices} greedily (or not, as {@code s} says) with {@code snapshot}. */
    private static List<Row> play(TrainJob.RunConfig c, Settings s, PolicySnapshot snapshot, Tables.Provenance provenance,
                                  long envSteps, Iterator<Integer> indices) {
        List<Row> played = new ArrayList<>();
        try (Env<float[]> env = c.env().make()) {
            SingleObservationPolicy actor = new SingleObservationPolicy(c.algo(), snapshot.toPolicy(),
                    env.observationSpace(), env.actionSpace(), s.deterministic());
            EpisodePlayer player = new EpisodePlayer(env, actor, Frames.of(c.env().frameStack(), env.observationSpace().flatSize()));
            while (indices.hasNext()) {
                int i = indices.next();
                EpisodeData e = player.play(i, s.seed() + i, MAX_EPISODE_STEPS);
                played.add(Tables.evaluationRow(e, provenance, envSteps, i, s.deterministic()));
            }
        }
        return played;
    }

    /** Every evaluation of the run, in training order (empty without an evaluations table). */
    public static List<Result> read(SparkSession spark, TrainingRun run) {
        Path table = run.table(Tables.EVALUATIONS);
        if (!Files.isDirectory(table)) return List.of();
        List<Row> rows = spark.read().schema(Tables.EVALUATIONS_SCHEMA).parquet(table.toString())
                .groupBy("iteration", "env_steps")
                .agg(org.apache.spark.sql.functions.collect_list("return"), org.apache.spark.sql.functions.collect_list("length"))
                .orderBy("env_steps").collectAsList();
        List<Result> results = new ArrayList<>();
        for (Row r : rows) {
            List<Double> returns = r.getList(2);
            List<Integer> lengths = r.getList(3);
            results.add(Result.of(r.getInt(0), r.getLong(1), returns.stream().mapToDouble(Double::doubleValue).toArray(),
                    lengths.stream().mapToInt(Integer::intValue).toArray()));
        }
        return results;
    }

    /** The directory holding the best-evaluated learner of a run. */
    public static Path bestDir(TrainingRun run) { return run.root().resolve(BEST); }

    /** The evaluation that made {@code best/} the best, if the run has one. */
    public static Optional<Result> best(TrainingRun run) {
        Path file = bestDir(run).resolve(BEST_RESULT);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), Result.class));
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new BadInputException("corrupt " + file + " (" + why + "): delete " + bestDir(run)
                    + " (the next evaluation writes a new one)");
        }
    }

    /**
     * Saves {@code agent} (what it needs to act) in {@code best/} when {@code result}'s mean return beats the best
     * so far; written to a staging directory and moved into place, so {@code best/} is always whole.
     */
    static boolean keepIfBest(TrainingRun run, Agent agent, Result result) throws IOException {
        Optional<Result> best = best(run);
        if (best.isPresent() && best.get().meanReturn() >= result.meanReturn()) return false;
        Path staging = run.root().resolve("." + BEST + ".tmp"), target = bestDir(run);
        TrainingRun.deleteRecursively(staging);
        Files.createDirectories(staging);
        agent.saveForActing(staging);
        Files.writeString(staging.resolve(BEST_RESULT), JSON.writeValueAsString(result));
        Path old = run.root().resolve("." + BEST + ".old");
        TrainingRun.deleteRecursively(old);
        if (Files.exists(target)) Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        TrainingRun.deleteRecursively(old);
        return true;
    }
}
