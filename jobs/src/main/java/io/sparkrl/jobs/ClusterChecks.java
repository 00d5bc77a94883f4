package io.sparkrl.jobs;

import io.sparkrl.storage.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.DeployMessages;
import org.apache.spark.deploy.master.WorkerInfo;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcTimeout;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.BlockManagerId;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag$;

/**
 * Startup checks for jobs on a cluster, each failing with a one-line {@link BadInputException} (exit 2) that names
 * the cause and the fix, where Spark itself would wait forever or fail a task four times with a stack trace:
 * <ul>
 *   <li>{@link #awaitExecutors}: at least one executor registers within {@value #EXECUTOR_WAIT_KEY} seconds
 *       (default {@value #DEFAULT_EXECUTOR_WAIT_SECONDS}); on a standalone master that no worker could ever host
 *       (each executor asks more memory or cores than any worker offers) it fails at once.</li>
 *   <li>{@link #checkNd4jOnExecutors}: every executor loads ND4J's native libraries (one small task each), for jobs
 *       whose executors run networks (train).</li>
 * </ul>
 * Local masters skip both.
 */
public final class ClusterChecks {
    /** Seconds a job waits for its first executor on a cluster before failing. */
    public static final String EXECUTOR_WAIT_KEY = "spark.sparkrl.executorWaitSeconds";
    public static final int DEFAULT_EXECUTOR_WAIT_SECONDS = 120;

    private ClusterChecks() {}

    /** What one standalone worker offers: cores and memory (MB). */
    record WorkerOffer(int cores, int memoryMb) {}

    /**
     * Waits until at least one executor has registered with the driver; a local master returns at once. Fails
     * with what each executor asks and what the workers offer when none registers in time, and at once when a
     * standalone cluster has no worker big enough for one executor.
     */
    public static void awaitExecutors(SparkSession spark) {
        SparkContext sc = spark.sparkContext();
        if (sc.isLocal()) return;
        SparkConf conf = sc.getConf();
        int waitSeconds = conf.getInt(EXECUTOR_WAIT_KEY, DEFAULT_EXECUTOR_WAIT_SECONDS);
        if (waitSeconds <= 0) return; // the user switched the check off
        boolean dynamic = conf.getBoolean("spark.dynamicAllocation.enabled", false)
                && conf.getInt("spark.dynamicAllocation.minExecutors", 0) == 0;
        String master = sc.master();
        int askedMb = sc.executorMemory();
        int askedCores = conf.getInt("spark.executor.cores", 1);
        Optional<List<WorkerOffer>> offers = master.startsWith("spark://") ? workerOffers(master) : Optional.empty();
        if (offers.isPresent() && !offers.get().isEmpty()
                && offers.get().stream().noneMatch(w -> w.memoryMb() >= askedMb && w.cores() >= askedCores))
            throw new BadInputException("no worker of " + master + " can run an executor: each asks " + asked(askedMb, askedCores)
                    + ", the workers offer " + describe(offers.get()) + ": lower --executor-memory/--executor-cores, or give the workers more "
                    + "(their --memory/--cores, SPARK_WORKER_MEMORY/SPARK_WORKER_CORES)");
        if (dynamic) return; // executors come with the first job
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (executorCount(sc) == 0) {
            if (System.nanoTime() > deadline) {
                Optional<List<WorkerOffer>> now = master.startsWith("spark://") ? workerOffers(master) : Optional.empty();
                String offered = now.map(o -> o.isEmpty() ? "no worker is registered with the master"
                        : "the workers offer " + describe(o) + " (in use by other applications?)").orElse("see the cluster's UI for what it offers");
                throw new BadInputException("no executor registered with " + master + " within " + waitSeconds + " s: each asks "
                        + asked(askedMb, askedCores) + ", " + offered + ": free or add workers, lower --executor-memory/--executor-cores, "
                        + "or wait longer with --conf " + EXECUTOR_WAIT_KEY + "=SECONDS");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }

    private static String asked(int mb, int cores) {
        return mb + " MB and " + cores + (cores == 1 ? " core" : " cores");
    }

    private static String describe(List<WorkerOffer> offers) {
        List<String> each = new ArrayList<>();
        for (WorkerOffer w : offers) each.add(asked(w.memoryMb(), w.cores()));
        return String.join(", ", each);
    }

    /** Executors registered with the driver (the driver's own block manager excluded). */
    private static int executorCount(SparkContext sc) {
        return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
    }

    /**
     * Each worker's total cores and memory, asked from a standalone master the way its web UI asks
     * ({@code RequestMasterState}); empty when no master of the list answers within 10 s.
     */
    static Optional<List<WorkerOffer>> workerOffers(String master) {
        SparkEnv env = SparkEnv.get();
        if (env == null) return Optional.empty();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            try {
                RpcAddress address = RpcAddress.fromSparkURL("spark://" + hostPort);
                var ref = env.rpcEnv().setupEndpointRef(address, "Master");
                DeployMessages.MasterStateResponse state = ref.askSync(DeployMessages.RequestMasterState$.MODULE$,
                        new RpcTimeout(new FiniteDuration(10, TimeUnit.SECONDS), "sparkrl master state"),
                        ClassTag$.MODULE$.apply(DeployMessages.MasterStateResponse.class));
                List<WorkerOffer> offers = new ArrayList<>();
                for (WorkerInfo w : state.workers()) offers.add(new WorkerOffer(w.cores(), w.memory()));
                return Optional.of(offers);
            } catch (RuntimeException e) {
                // a standby master of an HA list, or a master that does not answer: try the next
            }
        }
        return Optional.empty();
    }

    /**
     * Runs one small ND4J computation on every registered executor (a task each, preferring that executor) and
     * fails with the first executor that cannot load ND4J's native libraries. A local master returns at once.
     */
    public static void checkNd4jOnExecutors(SparkSession spark) {
        SparkContext sc = spark.sparkContext();
        if (sc.isLocal()) return;
        List<Tuple2<Integer, scala.collection.Seq<String>>> tasks = new ArrayList<>();
        scala.collection.Iterator<BlockManagerId> ids =
                SparkEnv.get().blockManager().master().getMemoryStatus().keysIterator();
        while (ids.hasNext()) {
            BlockManagerId id = ids.next();
            if (id.isDriver()) continue;
            // TaskLocation's executor form: the task prefers that very executor.
            String location = "executor_" + id.host() + "_" + id.executorId();
            tasks.add(new Tuple2<>(tasks.size(), JavaConverters.asScalaBuffer(List.of(location)).toSeq()));
        }
        if (tasks.isEmpty()) tasks.add(new Tuple2<>(0, JavaConverters.asScalaBuffer(List.<String>of()).toSeq()));
        List<String> failures = sc.makeRDD(JavaConverters.asScalaBuffer(tasks).toSeq(), ClassTag$.MODULE$.apply(Integer.class))
                .toJavaRDD().map(i -> Nd4jProbe.run()).filter(r -> r != null).collect();
        if (!failures.isEmpty())
            throw new BadInputException(failures.get(0) + ": put nd4j-native's and openblas' linux-x86_64 jars on every executor's "
                    + "classpath (sparkrl-submit.sh --ship-lib, or spark.executor.extraClassPath) and make its JavaCPP cache writable "
                    + "(-Dorg.bytedeco.javacpp.cachedir=DIR in spark.executor.extraJavaOptions; default ~/.javacpp/cache)");
    }

    /**
     * {@code train --pipeline stream} holds one task slot per actor for the whole run: fewer slots than actors would
     * leave actors unscheduled and the learner waiting for them. Checks the cores Spark knows of now (a cluster's
     * executors that register later add to them).
     */
    public static void checkTaskSlots(SparkSession spark, int actors) {
        int slots = spark.sparkContext().defaultParallelism();
        if (slots < actors)
            throw new BadInputException("--pipeline stream runs " + actors + " actors, one task slot each, but Spark has "
                    + slots + ": give it more cores (--master local[" + actors + "] or a bigger cluster) or train with fewer "
                    + "--partitions");
    }

    /** The executor side of {@link #checkNd4jOnExecutors}: null when ND4J works there, else what went wrong, in one line. */
    static final class Nd4jProbe implements Serializable {
        private Nd4jProbe() {}

        static String run() {
            SparkEnv env = SparkEnv.get();
            String where = env == null ? "this JVM" : "executor " + env.executorId() + " on " + env.blockManager().blockManagerId().host();
            try {
                double sum = org.nd4j.linalg.factory.Nd4j.create(new float[] {1, 2, 3}).mul(2).sumNumber().doubleValue();
                if (sum != 12) return where + " computes wrong ND4J results (2*(1+2+3) = " + sum + ")";
                return null;
            } catch (Throwable t) {
                Throwable root = t;
                while (root.getCause() != null && root.getCause() != root) root = root.getCause();
                String message = root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
                int nl = message.indexOf('\n');
                message = (nl < 0 ? message : message.substring(0, nl)).strip();
                if (message.endsWith(".")) message = message.substring(0, message.length() - 1);
                return where + " cannot load ND4J's native libraries (nd4j-native, openblas): " + message;
            }
        }
    }
}
