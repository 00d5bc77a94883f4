package io.sparkrl.storage;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;

import io.sparkrl.rollout.env.PixelObservations;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Rebuilds the observations of a pixel steps table ({@link Tables#PIXEL_STEPS_SCHEMA}): row t's {@code obs} is the
 * frames of steps t-stack+1 .. t of its episode, oldest first, zeros before the episode's first step (the frame
 * stack's own padding), as floats {@code b / 255}; {@code next_obs} is the next row's {@code obs}, or, on an
 * episode's last stored row, its stack shifted by {@code next_frame}. Exactly the observations the agent saw.
 */
public final class FrameStacks {
    private static final String STACK_UDF = "sparkrl_frame_stack";

    private FrameStacks() {}

    /** {@code steps} with {@code obs} and {@code next_obs} (array of floats) in place of the frame columns. */
    public static Dataset<Row> withObservations(Dataset<Row> steps, int stack) {
        if (stack < 1) throw new BadInputException("a frame stack holds at least 1 frame, got " + stack);
        SparkSession spark = steps.sparkSession();
        spark.udf().register(STACK_UDF, (UDF2<Seq<byte[]>, Integer, float[]>) (frames, k) -> stackOf(
                JavaConverters.seqAsJavaList(frames), k), DataTypes.createArrayType(DataTypes.FloatType, false));
        WindowSpec episode = Window.partitionBy("run_id", "episode_id").orderBy("step");
        Column history = collect_list(col("frame")).over(episode.rowsBetween(1 - stack, 0));
        Column nextFrame = coalesce(lead(col("frame"), 1).over(episode), col("next_frame"));
        Column nextHistory = collect_list(col("frame")).over(episode.rowsBetween(2 - stack, 0));
        return steps
                .withColumn("obs", callUDF(STACK_UDF, history, lit(stack)))
                .withColumn("_next_frames", concat(
                        stack > 1 ? nextHistory : array().cast("array<binary>"),
                        array(nextFrame)))
                .withColumn("next_obs", callUDF(STACK_UDF, col("_next_frames"), lit(stack)))
                .drop("_next_frames", "frame", "next_frame");
    }

    /** The last {@code stack} frames of {@code frames} as floats, zero frames in front where there are fewer. */
    static float[] stackOf(List<byte[]> frames, int stack) {
        int frameSize = frames.get(frames.size() - 1).length, missing = stack - frames.size();
        float[] out = new float[stack * frameSize], table = PixelObservations.floatsOf(PixelObservations.MAX_VALUE);
        for (int j = Math.max(0, -missing); j < frames.size(); j++) {
            byte[] f = frames.get(j);
            int base = (j + missing) * frameSize;
            for (int i = 0; i < frameSize; i++) out[base + i] = table[f[i] & 0xFF];
        }
        return out;
    }
}
