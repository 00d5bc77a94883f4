package io.sparkrl.jobs;

import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import io.sparkrl.storage.SegmentFiles;
import io.sparkrl.storage.Tables;
import io.sparkrl.training.PolicySnapshot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code train --pipeline stream}: the actors are one long-running Spark task each, started once. Each loops
 * "collect a segment with the newest policy it has, hand it to the learner's {@link LearnerChannel}, write it to the
 * run's trajectory stream in the background" until the learner says stop, so actors collect while the learner
 * updates (collection and update overlap; no Spark job per iteration). The learner takes one segment of every actor
 * per iteration; the segment an actor delivers k-th is iteration k's, whatever the timing, and the learner's
 * checkpoint keeps the actors' states after the last iteration it applied, so a resume neither repeats nor skips a
 * segment (what actors collected past it is dropped). Runs are not bit-exact: with a lag bound above 1 which policy
 * collected a segment depends on timing, and even with 1 the learner's and actors' concurrent native calls round
 * differently (docs/PIPELINE.md).
 */
final class StreamActors implements ExperienceSource {
    /** How long the learner waits for a trajectory file an actor is still writing before it gives up. */
    private static final long WRITE_WAIT_MILLIS = 600_000;

    private final JavaSparkContext jsc;
    private final TrainJob.RunConfig c;
    private final String runRoot;
    private final int maxPolicyLag;
    private final List<SegmentCollector.State> initialStates;
    private final Broadcast<SerializableConfiguration> hadoop;
    /** The (iteration, actor) segments that ended episodes, so they have an episodes file. */
    private final Set<Long> withEpisodes = new HashSet<>();
    private LearnerChannel channel;
    private Thread job;
    private volatile Throwable failure;
    private volatile boolean ended;

    StreamActors(JavaSparkContext jsc, TrainJob.RunConfig c, String runRoot, List<SegmentCollector.State> states,
                 int maxPolicyLag) {
        this.jsc = jsc;
        this.c = c;
        this.runRoot = runRoot;
        this.initialStates = states;
        this.maxPolicyLag = maxPolicyLag;
        this.hadoop = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    }

    @Override public Batch next(PolicySnapshot snapshot, int iteration, long globalStep) throws IOException, InterruptedException {
        if (channel == null) start(snapshot, iteration);
        else channel.publish(snapshot, iteration);
        LearnerChannel.Delivery[] deliveries = channel.takeAll(iteration, this::failure);
        List<Output> outputs = new ArrayList<>();
        double lag = 0, busy = 0, waited = 0;
        for (LearnerChannel.Delivery d : deliveries) {
            outputs.add(new Output(d.segment(), d.state()));
            if (!d.segment().finishedEpisodes.isEmpty()) withEpisodes.add(key(iteration, d.actor()));
            lag += iteration - d.policyVersion();
            busy += d.busySeconds();
            waited += d.waitSeconds();
        }
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("policy_lag", lag / deliveries.length);
        metrics.put("actors_busy", busy + waited > 0 ? busy / (busy + waited) : 1.0);
        return new Batch(outputs, metrics);
    }

    /** Opens the channel and starts the actors' job on a thread of its own (its tasks run until told to stop). */
    private void start(PolicySnapshot snapshot, int iteration) throws IOException {
        String host = jsc.getConf().get("spark.driver.host", "127.0.0.1");
        channel = new LearnerChannel(host, c.partitions(), maxPolicyLag, snapshot, iteration, initialStates, iteration);
        String address = channel.address();
        List<Integer> actors = new ArrayList<>();
        for (int a = 0; a < c.partitions(); a++) actors.add(a);
        TrainJob.RunConfig c = this.c;
        String runRoot = this.runRoot;
        Broadcast<SerializableConfiguration> hadoop = this.hadoop;
        job = new Thread(() -> {
            try {
                jsc.setJobGroup("sparkrl-actors-" + c.runId(), "train --pipeline stream: the actors", true);
                jsc.parallelize(actors, actors.size()).foreach(a -> act(address, a, c, runRoot, hadoop.value().value()));
            } catch (Throwable e) {
                failure = e;
            } finally {
                ended = true;
            }
        }, "sparkrl-actors");
        job.setDaemon(true);
        job.start();
    }

    private Throwable failure() {
        if (failure != null) return failure;
        return ended ? new IllegalStateException("the actors' job ended") : null;
    }

    @Override public void awaitWritten(int first, int end) throws IOException, InterruptedException {
        Path root = new Path(runRoot);
        FileSystem fs = root.getFileSystem(jsc.hadoopConfiguration());
        long deadline = System.currentTimeMillis() + WRITE_WAIT_MILLIS;
        for (int i = first; i < end; i++)
            for (int a = 0; a < c.partitions(); a++) {
                List<Path> files = new ArrayList<>(List.of(SegmentFiles.file(root, Tables.STEPS, i, a)));
                if (withEpisodes.remove(key(i, a))) files.add(SegmentFiles.file(root, Tables.EPISODES, i, a));
                for (Path f : files)
                    while (!fs.exists(f)) {
                        if (failure() != null && !fs.exists(f))
                            throw new IllegalStateException("actor " + a + " ended before writing " + f, failure());
                        if (System.currentTimeMillis() > deadline)
                            throw new IllegalStateException("actor " + a + " has not written " + f + " in "
                                    + WRITE_WAIT_MILLIS / 1000 + " s");
                        Thread.sleep(5);
                    }
            }
    }

    @Override public void close() throws IOException, InterruptedException {
        try {
            if (channel != null) {
                channel.stop();
                job.join(120_000);
                if (job.isAlive()) jsc.cancelJobGroup("sparkrl-actors-" + c.runId());
                channel.close();
            }
        } finally {
            hadoop.destroy();
        }
    }

    private static long key(int iteration, int actor) { return ((long) iteration << 20) | actor; }

    /**
     * One actor, inside its Spark task: connects to the learner, goes on from the assignment, and loops until told to
     * stop. Its writes run on a thread of their own, one in flight (a failed write fails the actor).
     */
    private static void act(String address, int actor, TrainJob.RunConfig c, String runRoot, Configuration conf) throws Exception {
        int colon = address.lastIndexOf(':');
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sparkrl-actor-" + actor + "-writer");
            t.setDaemon(true);
            return t;
        });
        try (Socket socket = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
            socket.setTcpNoDelay(true);
            ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            out.flush();
            ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            LearnerChannel.send(out, new LearnerChannel.Hello(actor));
            LearnerChannel.Assignment assignment = (LearnerChannel.Assignment) in.readObject();
            if (assignment.stop()) return;
            long stepsPerIteration = (long) c.partitions() * c.envsPerPartition() * c.hyperparams().numSteps();
            VectorEnv env = VectorEnvs.make(c.env(), c.envsPerPartition());
            try {
                SegmentCollector collector = ExperienceSource.collector(c, actor, assignment.state(), env, false,
                        assignment.nextSegment() * stepsPerIteration);
                BatchPolicy policy = assignment.policy().toPolicy();
                long version = assignment.policyVersion();
                Future<?> written = null;
                double waited = 0;
                for (int sequence = assignment.nextSegment(); ; sequence++) {
                    long t0 = System.nanoTime();
                    Segment segment = collector.collect(policy, collector.newSegment(c.hyperparams().numSteps()),
                            sequence * stepsPerIteration);
                    SegmentCollector.State state = collector.state();
                    if (written != null) written.get();
                    int iteration = sequence;
                    long actedBy = version;
                    written = writer.submit(() -> {
                        ExperienceSource.write(c, runRoot, segment, actedBy, iteration, actor, conf);
                        return null;
                    });
                    long t1 = System.nanoTime();
                    LearnerChannel.send(out, new LearnerChannel.Delivery(actor, sequence, version, segment, state, (t1 - t0) / 1e9, waited));
                    LearnerChannel.Reply reply = (LearnerChannel.Reply) in.readObject();
                    waited = (System.nanoTime() - t1) / 1e9;
                    if (reply.stop()) break;
                    if (reply.policy() != null) {
                        policy = reply.policy().refresh(policy);
                        version = reply.policyVersion();
                    }
                }
                if (written != null) written.get();
            } finally {
                env.close();
            }
        } finally {
            writer.shutdown();
        }
    }
}
