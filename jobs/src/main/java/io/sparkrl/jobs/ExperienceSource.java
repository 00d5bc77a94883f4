package io.sparkrl.jobs;

import io.sparkrl.rollout.runner.Frames;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.storage.SegmentFiles;
import io.sparkrl.storage.Tables;
import io.sparkrl.training.PolicySnapshot;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where train's loop gets each iteration's experience: one segment per actor (partition), the actors' collector
 * states after them, and metrics of the collection. {@link SyncActors}: one Spark job per iteration, acted by the
 * policy of the latest update (bit-exact runs). {@link StreamActors}: long-running actor tasks that collect while the
 * learner updates, at most {@code --max-policy-lag} updates behind it.
 */
interface ExperienceSource extends AutoCloseable {
    /** One actor's segment and its collector state after it. */
    record Output(Segment segment, SegmentCollector.State state) implements Serializable {}

    /** Iteration {@code iteration}'s experience, one output per actor in actor order. */
    record Batch(List<Output> outputs, Map<String, Double> metrics) {}

    /**
     * Iteration {@code iteration}'s experience; {@code snapshot} is the learner's policy after {@code iteration}
     * updates (its version is {@code iteration}), {@code globalStep} the run's env steps before the iteration.
     */
    Batch next(PolicySnapshot snapshot, int iteration, long globalStep) throws IOException, InterruptedException;

    /** Returns once the trajectory files of iterations {@code [first, end)} are committed (a checkpoint compacts them). */
    void awaitWritten(int first, int end) throws IOException, InterruptedException;

    /** Stops the actors (a stream source's may have collected past the last iteration: that is dropped). */
    @Override void close() throws IOException, InterruptedException;

    /**
     * Actor {@code actor}'s collector on {@code env}: continuing {@code state} ({@code envAtState}: {@code env} is
     * the very env that state was taken from), or, with no state, the run's slots of this actor from their first reset.
     */
    static SegmentCollector collector(TrainJob.RunConfig c, int actor, SegmentCollector.State state, VectorEnv env,
                                      boolean envAtState, long globalStep) {
        return state == null
                ? SegmentCollector.start(env, c.seed(), actor * c.envsPerPartition(), c.partitions() * c.envsPerPartition(), globalStep)
                : SegmentCollector.resume(env, state, envAtState);
    }

    /**
     * Writes actor {@code actor}'s segment of iteration {@code iteration}, collected by policy {@code policyVersion},
     * to the trajectory stream of the run at {@code runRoot} (a URI).
     */
    static void write(TrainJob.RunConfig c, String runRoot, Segment segment, long policyVersion, int iteration, int actor,
                      Configuration conf) throws IOException {
        SegmentFiles.write(new Path(runRoot), segment, new Tables.Provenance(c.runId(), c.envId(), c.algo(), policyVersion,
                iteration), Frames.of(c.env().frameStack(), segment.obsSize), actor, conf);
    }
}
