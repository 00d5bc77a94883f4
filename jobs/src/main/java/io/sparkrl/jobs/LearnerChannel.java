package io.sparkrl.jobs;

import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.PolicySnapshot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The direct channel between the learner (on the driver) and the actors (long-running Spark tasks) of
 * {@code train --pipeline stream}: a TCP server the driver opens, one connection per actor, Java-serialized frames.
 * An actor says hello and gets its assignment (the newest policy, the collector state and segment number to go on
 * from); then it delivers each segment it collects and gets back the newest policy (or the word to stop).
 *
 * <p>Policy lag is bounded by how many deliveries an actor may have waiting: with {@code maxPolicyLag} 1 a delivery
 * is answered only when the learner takes it, right after publishing the policy of its previous update, so each
 * segment is collected by the policy one update behind the learner that applies it (collection and update overlap,
 * nothing else); each extra unit of lag lets an actor run one more segment ahead.
 */
final class LearnerChannel implements AutoCloseable {
    /** Actor to learner, first: who it is. */
    record Hello(int actor) implements Serializable {}

    /** Learner to actor, first: the policy to act with, the collector state and segment number to go on from. */
    record Assignment(long policyVersion, PolicySnapshot policy, SegmentCollector.State state, int nextSegment, boolean stop)
            implements Serializable {}

    /**
     * Actor to learner: segment {@code segment} (the actor's count, which is the learner iteration that applies it),
     * collected by policy {@code policyVersion}, the collector state after it, and the actor's seconds spent
     * collecting and waiting since its previous delivery.
     */
    record Delivery(int actor, int sequence, long policyVersion, Segment segment, SegmentCollector.State state,
                    double busySeconds, double waitSeconds) implements Serializable {}

    /** Learner to actor, after each delivery: a newer policy (null: keep yours), or stop. */
    record Reply(long policyVersion, PolicySnapshot policy, boolean stop) implements Serializable {}

    /** A delivery and the connection it came on (the actor's latest connection supersedes its earlier ones). */
    private record Received(int connection, Delivery delivery) {}

    /** How long the learner waits for an actor's next segment before it gives up, with a one-line error. */
    static final long ACTOR_TIMEOUT_SECONDS = Long.getLong("sparkrl.actorTimeoutSeconds", 600);

    private final ServerSocket server;
    private final List<BlockingQueue<Received>> deliveries = new ArrayList<>();
    /** Each actor's latest connection: deliveries of earlier ones (a task Spark retried) are dropped. */
    private final int[] connection;
    private final SegmentCollector.State[] states;
    private final int[] nextSegment;
    private final List<Socket> connections = new ArrayList<>();
    /** The newest policy and its version, swapped as one. */
    private record Published(long version, PolicySnapshot policy) {}

    private volatile Published published;
    private volatile boolean stopped;

    /**
     * Opens the server on {@code host} (where executors reach the driver). Actor {@code a} starts from
     * {@code states[a]} (null: a fresh collector) at segment {@code firstSegment}.
     */
    LearnerChannel(String host, int actors, int maxPolicyLag, PolicySnapshot initial, long initialVersion,
                   List<SegmentCollector.State> states, int firstSegment) throws IOException {
        if (maxPolicyLag < 1) throw new IllegalArgumentException("maxPolicyLag must be at least 1, got " + maxPolicyLag);
        server = new ServerSocket(0, 64, InetAddress.getByName(host));
        this.states = new SegmentCollector.State[actors];
        this.nextSegment = new int[actors];
        this.connection = new int[actors];
        for (int a = 0; a < actors; a++) {
            deliveries.add(maxPolicyLag == 1 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(maxPolicyLag - 1));
            this.states[a] = states == null ? null : states.get(a);
            nextSegment[a] = firstSegment;
        }
        published = new Published(initialVersion, initial);
        Thread accept = new Thread(this::acceptLoop, "sparkrl-learner-channel");
        accept.setDaemon(true);
        accept.start();
    }

    /** {@code host:port} for the actors. */
    String address() { return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort(); }

    /** Makes {@code snapshot} (version {@code v}) what actors get from now on. */
    void publish(PolicySnapshot snapshot, long v) { published = new Published(v, snapshot); }

    /**
     * Segment {@code sequence} of every actor, in actor order; {@code failure} says (non-null) why the actors can no
     * longer deliver, checked while waiting.
     */
    Delivery[] takeAll(int sequence, Supplier<Throwable> failure) throws InterruptedException {
        Delivery[] out = new Delivery[deliveries.size()];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACTOR_TIMEOUT_SECONDS);
        for (int a = 0; a < out.length; a++) {
            while (out[a] == null) {
                Received r = deliveries.get(a).poll(50, TimeUnit.MILLISECONDS);
                if (r == null) {
                    Throwable f = failure.get();
                    if (f != null) throw new IllegalStateException("actor " + a + " stopped delivering: " + f.getMessage(), f);
                    if (System.nanoTime() > deadline)
                        throw new BadInputException("actor " + a + " delivered no segment " + sequence + " in "
                                + ACTOR_TIMEOUT_SECONDS + " s (its task is stuck, or waits for a task slot or for a network path "
                                + "to the driver at " + address() + "): check the executors' logs, or train with --pipeline sync");
                    continue;
                }
                synchronized (this) {
                    if (r.connection() != connection[a]) continue; // a retried task took over: it redoes this segment
                    Delivery d = r.delivery();
                    if (d.sequence() != sequence)
                        throw new IllegalStateException("actor " + a + " delivered segment " + d.sequence() + ", expected " + sequence);
                    states[a] = d.state();
                    nextSegment[a] = sequence + 1;
                    out[a] = d;
                }
            }
        }
        return out;
    }

    /** Tells every actor to stop at its next exchange, releasing those waiting for the learner. */
    void stop() { stopped = true; }

    @Override public void close() throws IOException {
        stopped = true;
        server.close();
        synchronized (connections) {
            for (Socket s : connections) s.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                synchronized (connections) {
                    connections.add(s);
                }
                Thread t = new Thread(() -> serve(s), "sparkrl-actor-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One actor's connection (a retried task reconnects and goes on from the last segment the learner took). */
    private void serve(Socket socket) {
        try (socket;
             ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
             ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16))) {
            out.flush();
            int actor = ((Hello) in.readObject()).actor();
            Assignment assignment;
            int me;
            synchronized (this) {
                me = ++connection[actor];
                Published p = published;
                assignment = new Assignment(p.version(), p.policy(), states[actor], nextSegment[actor], stopped);
            }
            send(out, assignment);
            long actorVersion = assignment.policyVersion();
            boolean stop = assignment.stop();
            while (!stop) {
                Received d = new Received(me, (Delivery) in.readObject());
                while (!stopped && !deliveries.get(actor).offer(d, 50, TimeUnit.MILLISECONDS)) {
                    // the learner has not taken this actor's previous segments yet: the actor waits (back-pressure)
                }
                Published p = published;
                synchronized (this) {
                    stop = stopped || me != connection[actor]; // superseded: a retry of this actor took over
                }
                send(out, new Reply(p.version(), p.version() == actorVersion || stop ? null : p.policy(), stop));
                actorVersion = p.version();
            }
        } catch (SocketException | java.io.EOFException e) {
            // the actor's task ended, or the channel closed
        } catch (IOException | ClassNotFoundException | InterruptedException e) {
            if (!stopped) throw new IllegalStateException("learner channel: " + e, e);
        }
    }

    /** Writes one frame. */
    static void send(ObjectOutputStream out, Object message) throws IOException {
        out.writeObject(message);
        out.reset(); // no back-references to earlier frames: each is read on its own
        out.flush();
    }
}
