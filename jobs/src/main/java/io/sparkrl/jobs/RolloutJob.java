package io.sparkrl.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

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
import io.sparkrl.storage.ParquetRowFiles;
import io.sparkrl.storage.RunDirectory;
import io.sparkrl.storage.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

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
            Broadcast<SerializableConfiguration> hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
            String steps = dir.table(Tables.STEPS).toString(), localEpisodes = dir.table(LOCAL_EPISODES).toString();

            ProgressListener listener = new ProgressListener(o, stepCounter.id(), progress);
            spark.sparkContext().addSparkListener(listener);
            List<double[]> totals;
            try {
                // Each task plays its episodes one at a time straight into its own files: nothing is cached.
                totals = jsc.parallelize(partitionIds, o.partitions())
                        .mapPartitionsWithIndex((p, ignored) -> List.of(playAndWrite(o, frames, prov, p, steps,
                                localEpisodes, hadoop.value().value(), stepCounter)).iterator(), true)
                        .collect();
            } finally {
                spark.sparkContext().removeSparkListener(listener);
            }
            long[] firstStepOfPartition = new long[o.partitions()];
            double returnSum = 0;
            for (int p = 0; p < o.partitions(); p++) {
                if (p > 0) firstStepOfPartition[p] = firstStepOfPartition[p - 1] + (long) totals.get(p - 1)[0];
                returnSum += totals.get(p)[1];
            }
            long totalSteps = firstStepOfPartition[o.partitions() - 1] + (long) totals.get(o.partitions() - 1)[0];
            writeEpisodes(spark, localEpisodes, firstStepOfPartition, dir.table(Tables.EPISODES).toString());
            dir.table(LOCAL_EPISODES).getFileSystem(jsc.hadoopConfiguration()).delete(dir.table(LOCAL_EPISODES), true);
            hadoop.destroy();

            double seconds = (System.nanoTime() - t0) / 1e9;
            Summary summary = new Summary(runId, dir.target().toString(), o.episodes(), totalSteps, seconds,
                    returnSum / o.episodes());
            dir.writeText(RunDirectory.CONFIG, configJson(o, frames, summary, spark));
            dir.commit();
            return summary;
        }
    }

    /** Where tasks put their episodes rows before the global step offsets are known (removed before commit). */
    private static final String LOCAL_EPISODES = "episodes-by-task";
    /** A task's steps go to a new file once its current one holds this many bytes. */
    private static final long FILE_BYTES = 128L << 20;

    /**
     * Plays partition {@code p}'s episode range, one episode in memory at a time, into steps files
     * {@code part-pPPPPP-NNNN.parquet} (a new one every {@link #FILE_BYTES}) and one episodes file whose step offsets
     * count from the partition's first step. The names depend only on the data, so a retried task rewrites the
     * same files. Returns the partition's steps and return sum.
     */
    static double[] playAndWrite(Options o, Frames frames, Tables.Provenance prov, int p, String stepsDir,
                                         String episodesDir, Configuration conf, LongAccumulator stepCounter)
            throws IOException {
        long first = o.episodes() * p / o.partitions();
        long end = o.episodes() * (p + 1) / o.partitions();
        StructType stepsSchema = Tables.stepsSchema(frames);
        long steps = 0;
        double returns = 0;
        int file = 0;
        ParquetRowFiles.Writer stepsOut = null;
        try (Env<float[]> env = makeVectorObsEnv(o.recipe());
             ParquetRowFiles.Writer episodesOut = ParquetRowFiles.create(
                     new Path(episodesDir, String.format("part-p%05d.parquet", p)), Tables.EPISODES_SCHEMA, conf)) {
            EpisodePlayer player = new EpisodePlayer(env, o.policyFor(env), frames);
            for (long id = first; id < end; id++) {
                EpisodeData e = player.play(id, o.seed() + id, o.maxEpisodeSteps());
                if (stepsOut == null)
                    stepsOut = ParquetRowFiles.create(new Path(stepsDir, String.format("part-p%05d-%04d.parquet", p, file++)),
                            stepsSchema, conf);
                for (var rows = Tables.stepRows(e, prov); rows.hasNext(); ) stepsOut.write(rows.next());
                episodesOut.write(Tables.episodeRow(e, prov, steps));
                if (stepsOut.dataSize() >= FILE_BYTES) {
                    stepsOut.commit();
                    stepsOut = null;
                }
                steps += e.length();
                returns += e.episodeReturn();
                stepCounter.add(e.length());
            }
            if (stepsOut != null) stepsOut.commit();
            episodesOut.commit();
        } finally {
            if (stepsOut != null) stepsOut.close();
        }
        return new double[] {steps, returns};
    }

    /**
     * The episodes table: the tasks' rows with each partition's first global step added to its step offsets
     * (episodes are few, one file).
     */
    private static void writeEpisodes(SparkSession spark, String localEpisodes, long[] firstStepOfPartition, String out) {
        Column[] offsets = new Column[firstStepOfPartition.length];
        for (int p = 0; p < offsets.length; p++) offsets[p] = lit(firstStepOfPartition[p]);
        Column partition = regexp_extract(input_file_name(), "part-p(\\d+)\\.parquet", 1).cast("int");
        Column offset = element_at(array(offsets), partition.plus(1));
        spark.read().schema(Tables.EPISODES_SCHEMA).parquet(localEpisodes)
                .withColumn("start_global_step", col("start_global_step").plus(offset))
                .withColumn("end_global_step", col("end_global_step").plus(offset))
                .coalesce(1).write().parquet(out);
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
