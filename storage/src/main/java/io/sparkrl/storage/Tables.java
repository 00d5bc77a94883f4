package io.sparkrl.storage;

import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.Frames;
import io.sparkrl.rollout.runner.Segment;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet tables of a run (docs/SCHEMA.md): {@code steps}, one row per env step, {@code episodes}, one row per
 * finished episode, and in training runs evaluated with {@code --eval-every}, {@code evaluations}, one row per
 * evaluation episode. All are partitioned by {@code iteration} so each training iteration (or a rollout job's single
 * pass) appends whole files.
 */
public final class Tables {
    private Tables() {}

    public static final String STEPS = "steps";
    public static final String EPISODES = "episodes";
    public static final String EVALUATIONS = "evaluations";
    public static final String PARTITION_COLUMN = "iteration";

    public static final StructType STEPS_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("run_id", DataTypes.StringType, false),
        DataTypes.createStructField("env_id", DataTypes.StringType, false),
        DataTypes.createStructField("episode_id", DataTypes.LongType, false),
        DataTypes.createStructField("step", DataTypes.IntegerType, false),
        DataTypes.createStructField("obs", DataTypes.createArrayType(DataTypes.FloatType, false), false),
        DataTypes.createStructField("action", DataTypes.IntegerType, true),
        DataTypes.createStructField("action_vec", DataTypes.createArrayType(DataTypes.FloatType, false), true),
        DataTypes.createStructField("reward", DataTypes.DoubleType, false),
        DataTypes.createStructField("terminated", DataTypes.BooleanType, false),
        DataTypes.createStructField("truncated", DataTypes.BooleanType, false),
        DataTypes.createStructField("next_obs", DataTypes.createArrayType(DataTypes.FloatType, false), false),
        DataTypes.createStructField("log_prob", DataTypes.DoubleType, true),
        DataTypes.createStructField("value", DataTypes.DoubleType, true),
        DataTypes.createStructField("policy_version", DataTypes.LongType, false),
        DataTypes.createStructField(PARTITION_COLUMN, DataTypes.IntegerType, false),
    });

    /**
     * The steps table of pixel envs (frame stacks of uint8 frames): {@code obs} and {@code next_obs} give way to
     * {@code frame}, the newest frame of {@code obs} as uint8 bytes, and {@code next_frame}, the newest frame of
     * {@code next_obs}, set only where the next row of the episode is not in the table (the episode ended, or the
     * data did); stacks are rebuilt on read ({@link FrameStacks}).
     */
    public static final StructType PIXEL_STEPS_SCHEMA = pixelSteps();

    private static StructType pixelSteps() {
        StructField[] fields = STEPS_SCHEMA.fields().clone();
        fields[STEPS_SCHEMA.fieldIndex("obs")] = DataTypes.createStructField("frame", DataTypes.BinaryType, false);
        fields[STEPS_SCHEMA.fieldIndex("next_obs")] = DataTypes.createStructField("next_frame", DataTypes.BinaryType, true);
        return new StructType(fields);
    }

    /** The steps schema for observations stored as {@code frames} (null: float arrays). */
    public static StructType stepsSchema(Frames frames) { return frames == null ? STEPS_SCHEMA : PIXEL_STEPS_SCHEMA; }

    public static final StructType EPISODES_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("run_id", DataTypes.StringType, false),
        DataTypes.createStructField("algo", DataTypes.StringType, false),
        DataTypes.createStructField("env_id", DataTypes.StringType, false),
        DataTypes.createStructField("episode_id", DataTypes.LongType, false),
        DataTypes.createStructField("seed", DataTypes.LongType, false),
        DataTypes.createStructField("return", DataTypes.DoubleType, false),
        DataTypes.createStructField("length", DataTypes.IntegerType, false),
        DataTypes.createStructField("terminated", DataTypes.BooleanType, false),
        DataTypes.createStructField("truncated", DataTypes.BooleanType, false),
        DataTypes.createStructField("start_global_step", DataTypes.LongType, false),
        DataTypes.createStructField("end_global_step", DataTypes.LongType, false),
        DataTypes.createStructField("start_time", DataTypes.TimestampType, false),
        DataTypes.createStructField("wall_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("policy_version", DataTypes.LongType, false),
        DataTypes.createStructField(PARTITION_COLUMN, DataTypes.IntegerType, false),
    });

    /**
     * One row per episode of a periodic evaluation during training: the policy after {@code iteration}'s update
     * (version {@code policy_version}), at {@code env_steps} training steps, plays episode {@code episode} reset with
     * {@code seed}, greedily when {@code deterministic}.
     */
    public static final StructType EVALUATIONS_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("run_id", DataTypes.StringType, false),
        DataTypes.createStructField("algo", DataTypes.StringType, false),
        DataTypes.createStructField("env_id", DataTypes.StringType, false),
        DataTypes.createStructField("env_steps", DataTypes.LongType, false),
        DataTypes.createStructField("episode", DataTypes.IntegerType, false),
        DataTypes.createStructField("seed", DataTypes.LongType, false),
        DataTypes.createStructField("return", DataTypes.DoubleType, false),
        DataTypes.createStructField("length", DataTypes.IntegerType, false),
        DataTypes.createStructField("terminated", DataTypes.BooleanType, false),
        DataTypes.createStructField("truncated", DataTypes.BooleanType, false),
        DataTypes.createStructField("deterministic", DataTypes.BooleanType, false),
        DataTypes.createStructField("start_time", DataTypes.TimestampType, false),
        DataTypes.createStructField("wall_seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("policy_version", DataTypes.LongType, false),
        DataTypes.createStructField(PARTITION_COLUMN, DataTypes.IntegerType, false),
    });

    /** The evaluations-table row of evaluation episode {@code episode}, played after {@code envSteps} training steps. */
    public static Row evaluationRow(EpisodeData e, Provenance p, long envSteps, int episode, boolean deterministic) {
        return RowFactory.create(p.runId(), p.algo(), p.envId(), envSteps, episode, e.seed(), e.episodeReturn(), e.length(),
                e.terminated(), e.truncated(), deterministic, new Timestamp(e.startEpochMillis()), e.wallNanos() / 1e9,
                p.policyVersion(), p.iteration());
    }

    /** Who produced an episode's actions, and when: the columns every row of it shares. */
    public record Provenance(String runId, String envId, String algo, long policyVersion, int iteration)
            implements java.io.Serializable {}

    /**
     * The steps-table rows of one episode (pixel episodes, which hold frames, give {@link #PIXEL_STEPS_SCHEMA}'s).
     * Learners' extras (log-prob, value) are null for scripted policies.
     */
    public static Iterator<Row> stepRows(EpisodeData e, Provenance p) {
        List<Row> rows = new ArrayList<>(e.length());
        int o = e.obsSize(), a = e.actSize();
        Frames frames = e.frames();
        for (int t = 0; t < e.length(); t++) {
            boolean last = t == e.length() - 1;
            Object obs = frames == null ? Arrays.copyOfRange(e.obs(), t * o, (t + 1) * o)
                    : Arrays.copyOfRange(e.frameBytes(), t * frames.frameSize(), (t + 1) * frames.frameSize());
            Object nextObs = frames == null ? Arrays.copyOfRange(e.nextObs(), t * o, (t + 1) * o) : last ? e.finalFrame() : null;
            rows.add(stepRow(p, e.episodeId(), t, obs, e.discreteActions() == null ? null : e.discreteActions()[t],
                    e.continuousActions() == null ? null : Arrays.copyOfRange(e.continuousActions(), t * a, (t + 1) * a),
                    e.rewards()[t], last && e.terminated(), last && e.truncated(), nextObs, null, null));
        }
        return rows.iterator();
    }

    /** The steps-table rows of a learner's segment, with the acting policy's log-probabilities and values. */
    public static Iterator<Row> stepRows(Segment s, Provenance p, Frames frames) {
        List<Row> rows = new ArrayList<>(s.size());
        int o = s.obsSize, a = s.actionWidth;
        for (int i = 0; i < s.size(); i++) {
            // Row i's next row in its episode is i + numEnvs, unless the episode ended or the segment did.
            boolean followed = !s.terminated[i] && !s.truncated[i] && i + s.numEnvs < s.size();
            rows.add(stepRow(p, s.episodeIds[i], s.stepInEpisode[i], observation(frames, s.obs, i * o, o, false),
                    s.discrete() ? s.discreteActions[i] : null,
                    s.discrete() ? null : Arrays.copyOfRange(s.continuousActions, i * a, (i + 1) * a),
                    s.rewards[i], s.terminated[i], s.truncated[i], observation(frames, s.nextObs, i * o, o, followed),
                    (double) s.logProbs[i], Float.isNaN(s.values[i]) ? null : (double) s.values[i]));
        }
        return rows.iterator();
    }

    /** The obs column's value: the floats, or the newest frame (null for a next frame the next row holds). */
    private static Object observation(Frames frames, float[] all, int offset, int size, boolean nextRowHasIt) {
        if (frames == null) return Arrays.copyOfRange(all, offset, offset + size);
        return nextRowHasIt ? null : frames.newest(all, offset);
    }

    /** One steps-table row, columns in {@link #STEPS_SCHEMA}'s (or {@link #PIXEL_STEPS_SCHEMA}'s) order. */
    private static Row stepRow(Provenance p, long episodeId, int step, Object obs, Integer action, float[] actionVec,
                               double reward, boolean terminated, boolean truncated, Object nextObs, Double logProb,
                               Double value) {
        return RowFactory.create(p.runId(), p.envId(), episodeId, step, obs, action, actionVec, reward, terminated,
                truncated, nextObs, logProb, value, p.policyVersion(), p.iteration());
    }

    /** The episodes-table rows of the episodes that ended in a learner's segment. */
    public static Iterator<Row> episodeRows(Segment s, Provenance p) {
        List<Row> rows = new ArrayList<>(s.finishedEpisodes.size());
        for (Segment.FinishedEpisode e : s.finishedEpisodes)
            rows.add(RowFactory.create(p.runId(), p.algo(), p.envId(), e.episodeId(), e.seed(), e.episodeReturn(),
                    e.length(), e.terminated(), e.truncated(), e.startGlobalStep(), e.endGlobalStep(),
                    new Timestamp(e.startEpochMillis()), e.wallSeconds(), p.policyVersion(), p.iteration()));
        return rows.iterator();
    }

    /**
     * The episodes-table row of one episode. {@code startGlobalStep} is the number of env steps the run had
     * taken before the episode began.
     */
    public static Row episodeRow(EpisodeData e, Provenance p, long startGlobalStep) {
        return RowFactory.create(p.runId(), p.algo(), p.envId(), e.episodeId(), e.seed(), e.episodeReturn(),
                e.length(), e.terminated(), e.truncated(), startGlobalStep, startGlobalStep + e.length(),
                new Timestamp(e.startEpochMillis()), e.wallNanos() / 1e9, p.policyVersion(), p.iteration());
    }
}
