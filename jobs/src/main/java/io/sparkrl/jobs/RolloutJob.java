package io.sparkrl.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.EpsilonNoise;
import io.sparkrl.rollout.policy.Policies;
import io.sparkrl.rollout.policy.Policy;
import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.EpisodePlayer;
import io.sparkrl.rollout.runner.Frames;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.RunDirectory;
import io.sparkrl.storage.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * Plays episodes in Spark partitions and writes the run's steps and episodes tables. Episode {@code i} is
 * seeded with {@code seed + i} and partition {@code p} of {@code P} plays the contiguous id range
 * {@code [p*N/P, (p+1)*N/P)}, so the data depends only on the seed, never on scheduling.
 */
public final class RolloutJob {
    private RolloutJob() {}

    /** {@code epsilon}: the probability of a uniformly random action instead of the policy's (record-bots' noise). */
    public record Options(String envId, String envOptions, String policy, double epsilon, long episodes, int partitions, String out,
                          long seed, int maxEpisodeSteps) implements java.io.Serializable {
        public Options {
            if (!(epsilon >= 0 && epsilon <= 1)) throw new BadInputException("--epsilon must be in [0, 1], got " + epsilon);
            new EnvRecipe(envId, envOptions); // a bad id/options pair fails here, before Spark starts
            if (episodes <= 0) throw new BadInputException("--episodes must be positive, got " + episodes);
            if (partitions <= 0) throw new BadInputException("--partitions must be positive, got " + partitions);
            if (maxEpisodeSteps <= 0)
                throw new BadInputException("--max-episode-steps must be positive, got " + maxEpisodeSteps);
        }

        public EnvRecipe recipe() { return new EnvRecipe(envId, envOptions); }

        /** The acting policy for {@code env}: the named one, with epsilon-noise when asked. */
        Policy policyFor(Env<float[]> env) {
            Policy p = Policies.byName(policy, env);
            return epsilon > 0 ? new EpsilonNoise(p, env.actionSpace(), epsilon) : p;
        }
    }

    public record Summary(String runId, String out, long episodes, long steps, double seconds, double meanReturn) {
        public double stepsPerSecond() { return steps / seconds; }
        public double episodesPerSecond() { return episodes / seconds; }
    }

    static Env<float[]> makeVectorObsEnv(EnvRecipe recipe) {
        Env<float[]> env = recipe.make();
        if (!(env.observationSpace() instanceof Space.Box)) {
            env.close();
            throw new BadInputException(recipe.id() + " has observation space " + env.observationSpace()
                    + ": the rollout job records Box observations only");
        }
        return env;
    }

    /** What the driver learns from a probe env: how the steps table stores observations, the policy's name. */
    public record Checked(Frames frames, String policyName) {}

    /** Checks the env (Atari: its ROM) and the policy on the driver, before any executor tries them. */
    public static Checked validate(Options o) {
        try (Env<float[]> probe = makeVectorObsEnv(o.recipe())) {
            String name = o.policyFor(probe).name();
            return new Checked(Frames.of(o.recipe().frameStack(), probe.observationSpace().flatSize()), name);
        }
    }

    /** Receives the episodes and steps finished so far, as partitions finish. */
    @FunctionalInterface
    public interface ProgressSink {
        void accept(long episodes, long steps);
    }

    /** Runs the job, reporting progress to {@code progress}. */
    public static Summary run(SparkSession spark, Options o, ProgressSink progress) throws IOException {
        Checked checked = validate(o);
        Frames frames = checked.frames();
        long t0 = System.nanoTime();
        String runId = UUID.randomUUID().toString();
        Tables.Provenance prov = new Tables.Provenance(runId, o.envId(), checked.policyName(), 0L, 0);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try (RunDirectory dir = RunDirectory.createNew(o.out(), jsc.hadoopConfiguration())) {
            List<Integer> partitionIds = new ArrayList<>();
            for (int p = 0; p < o.partitions(); p++) partitionIds.add(p);
            LongAccumulator stepCounter = spark.sparkContext().longAccumulator("sparkrl.rollout.steps");
            JavaRDD<EpisodeData> episodes = jsc.parallelize(partitionIds, o.partitions())
                    .mapPartitionsWithIndex((p, ignored) -> playRange(o, frames, p, stepCounter), true)
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());

            ProgressListener listener = new ProgressListener(o, stepCounter.id(), progress);
            spark.sparkContext().addSparkListener(listener);
            long[] stepsPerPartition = new long[o.partitions()];
            double returnSum = 0;
            try {
                // One pass plays every episode (and caches it for the two writes) and totals steps and returns.
                List<double[]> totals = episodes.mapPartitions(it -> {
                    double steps = 0, returns = 0;
                    while (it.hasNext()) {
                        EpisodeData e = it.next();
                        steps += e.length();
                        returns += e.episodeReturn();
                    }
                    return List.of(new double[] {steps, returns}).iterator();
                }, true).collect();
                for (int p = 0; p < totals.size(); p++) {
                    stepsPerPartition[p] = (long) totals.get(p)[0];
                    returnSum += totals.get(p)[1];
                }
            } finally {
                spark.sparkContext().removeSparkListener(listener);
            }
            long[] firstStepOfPartition = new long[o.partitions()];
            for (int p = 1; p < o.partitions(); p++)
                firstStepOfPartition[p] = firstStepOfPartition[p - 1] + stepsPerPartition[p - 1];
            long totalSteps = firstStepOfPartition[o.partitions() - 1] + stepsPerPartition[o.partitions() - 1];
            Broadcast<long[]> offsets = jsc.broadcast(firstStepOfPartition);

            spark.createDataFrame(episodes.flatMap(e -> Tables.stepRows(e, prov)).rdd(), Tables.stepsSchema(frames))
                    .write().partitionBy(Tables.PARTITION_COLUMN).parquet(dir.table(Tables.STEPS).toString());
            JavaRDD<Row> episodeRows = episodes.mapPartitionsWithIndex((p, it) -> {
                long globalStep = offsets.value()[p];
                List<Row> rows = new ArrayList<>();
                while (it.hasNext()) {
                    EpisodeData e = it.next();
                    rows.add(Tables.episodeRow(e, prov, globalStep));
                    globalStep += e.length();
                }
                return rows.iterator();
            }, true);
            spark.createDataFrame(episodeRows.rdd(), Tables.EPISODES_SCHEMA)
                    .write().partitionBy(Tables.PARTITION_COLUMN).parquet(dir.table(Tables.EPISODES).toString());
            double meanReturn = returnSum / o.episodes();
            episodes.unpersist(false);
            offsets.destroy();

            double seconds = (System.nanoTime() - t0) / 1e9;
            Summary summary = new Summary(runId, dir.target().toString(), o.episodes(), totalSteps, seconds, meanReturn);
            dir.writeText(RunDirectory.CONFIG, configJson(o, frames, summary, spark));
            dir.commit();
            return summary;
        }
    }

    /** Lazily plays partition {@code p}'s episode range, one episode in memory at a time. */
    private static Iterator<EpisodeData> playRange(Options o, Frames frames, int p, LongAccumulator stepCounter) {
        long first = o.episodes() * p / o.partitions();
        long end = o.episodes() * (p + 1) / o.partitions();
        Env<float[]> env = makeVectorObsEnv(o.recipe());
        EpisodePlayer player = new EpisodePlayer(env, o.policyFor(env), frames);
        return new Iterator<>() {
            long next = first;

            @Override public boolean hasNext() {
                if (next < end) return true;
                env.close();
                return false;
            }

            @Override public EpisodeData next() {
                if (next >= end) throw new NoSuchElementException();
                long id = next++;
                EpisodeData e = player.play(id, o.seed() + id, o.maxEpisodeSteps());
                stepCounter.add(e.length());
                return e;
            }
        };
    }

    private static String configJson(Options o, Frames frames, Summary s, SparkSession spark) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("job", "rollout");
        config.put("run_id", s.runId());
        config.put("env_id", o.envId());
        if (o.envOptions() != null) config.put("env_options", o.envOptions());
        if (frames != null) config.put("frame_stack", frames.stack());
        config.put("policy", o.policy());
        config.put("epsilon", o.epsilon());
        config.put("episodes", o.episodes());
        config.put("partitions", o.partitions());
        config.put("seed", o.seed());
        config.put("max_episode_steps", o.maxEpisodeSteps());
        config.put("master", spark.sparkContext().master());
        config.put("spark_version", spark.version());
        config.put("steps", s.steps());
        config.put("wall_seconds", s.seconds());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(config);
    }

    /**
     * Counts finished rollout partitions into episodes (known from the partition index) and steps (the task's
     * update of the step accumulator).
     */
    private static final class ProgressListener extends SparkListener {
        private final Options o;
        private final long stepAccumulatorId;
        private final ProgressSink progress;
        private final boolean[] seen;
        private long episodes, steps;

        ProgressListener(Options o, long stepAccumulatorId, ProgressSink progress) {
            this.o = o;
            this.stepAccumulatorId = stepAccumulatorId;
            this.progress = progress;
            this.seen = new boolean[o.partitions()];
        }

        @Override public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            int p = end.taskInfo().index();
            if (!end.taskInfo().successful() || p >= seen.length || seen[p]) return;
            seen[p] = true;
            episodes += o.episodes() * (p + 1) / o.partitions() - o.episodes() * p / o.partitions();
            scala.collection.Iterator<AccumulableInfo> it = end.taskInfo().accumulables().iterator();
            while (it.hasNext()) {
                AccumulableInfo info = it.next();
                if (info.id() == stepAccumulatorId && info.update().isDefined())
                    steps += ((Number) info.update().get()).longValue();
            }
            progress.accept(episodes, steps);
        }
    }
}
