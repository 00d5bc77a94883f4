package io.sparkrl.jobs;

import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import io.sparkrl.training.PolicySnapshot;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code train --pipeline sync}: one Spark job per iteration. Every partition continues its slots from the state the
 * previous iteration returned (its env kept alive in the JVM where it can be, {@link LiveEnvs}), collects with the
 * policy of the latest update, writes its segment to the run's trajectory stream and returns it. The data depend only
 * on the seed: bit-exact runs and resumes.
 */
final class SyncActors implements ExperienceSource {
    private record Input(int partition, SegmentCollector.State state) implements Serializable {}

    private final JavaSparkContext jsc;
    private final TrainJob.RunConfig c;
    private final String runRoot;
    private final Broadcast<SerializableConfiguration> hadoop;
    private List<SegmentCollector.State> states;

    /** {@code states}: the actors' collector states to go on from (null: fresh collectors); {@code runRoot} a URI. */
    SyncActors(JavaSparkContext jsc, TrainJob.RunConfig c, String runRoot, List<SegmentCollector.State> states) {
        this.jsc = jsc;
        this.c = c;
        this.runRoot = runRoot;
        this.states = states;
        this.hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    }

    @Override public Batch next(PolicySnapshot snapshot, int iteration, long globalStep) {
        List<Input> inputs = new ArrayList<>();
        for (int p = 0; p < c.partitions(); p++) inputs.add(new Input(p, states == null ? null : states.get(p)));
        Broadcast<PolicySnapshot> policy = jsc.broadcast(snapshot);
        TrainJob.RunConfig c = this.c;
        String runRoot = this.runRoot;
        Broadcast<SerializableConfiguration> hadoop = this.hadoop;
        try {
            List<Output> outputs = jsc.parallelize(inputs, c.partitions()).map(in -> {
                VectorEnv live = in.state() == null ? null : LiveEnvs.take(c.runId(), in.partition(), iteration - 1);
                VectorEnv env = live != null ? live : VectorEnvs.make(c.env(), c.envsPerPartition());
                try {
                    SegmentCollector collector = ExperienceSource.collector(c, in.partition(), in.state(), env, live != null, globalStep);
                    Segment segment = collector.collect(policy.value().toPolicy(), collector.newSegment(c.hyperparams().numSteps()), globalStep);
                    ExperienceSource.write(c, runRoot, segment, iteration, iteration, in.partition(), hadoop.value().value());
                    Output out = new Output(segment, collector.state());
                    LiveEnvs.put(c.runId(), in.partition(), iteration, env);
                    return out;
                } catch (Exception e) {
                    env.close();
                    throw e;
                }
            }).collect();
            states = outputs.stream().map(Output::state).toList();
            return new Batch(outputs, new HashMap<>());
        } finally {
            policy.destroy();
        }
    }

    @Override public void awaitWritten(int first, int end) {} // each task wrote its segment before returning it

    @Override public void close() {
        LiveEnvs.closeRun(c.runId());
        hadoop.destroy();
    }
}
