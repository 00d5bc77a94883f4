package io.sparkrl.jobs;

import io.sparkrl.storage.BadInputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import io.sparkrl.rollout.env.atari.Roms;
import org.apache.spark.sql.SparkSession;

/** Starts the Spark session every job runs in: embedded {@code local[*]} by default, or a cluster's master. */
public final class SparkSessions {
    private SparkSessions() {}

    /** The master to use: the option if given, else spark-submit's {@code spark.master}, else {@code local[*]}. */
    public static String resolveMaster(String option) {
        if (option != null && !option.isBlank()) return option.trim();
        return System.getProperty("spark.master", "local[*]");
    }

    /**
     * A session for one command. It reuses a session this JVM already runs (a notebook, a test) and then
     * leaves it running on {@link #close()}; a session it started itself it stops.
     */
    public record Session(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override public void close() {
            if (owned) spark.stop();
        }
    }

    /**
     * Starts (or reuses) the session; one this call starts on a cluster must have an executor within
     * {@link ClusterChecks#EXECUTOR_WAIT_KEY} seconds, else it is stopped and a one-line error says why.
     */
    public static Session open(String appName, String masterOption, Map<String, String> conf) {
        boolean existing = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = start(appName, masterOption, conf);
        if (!existing) {
            try {
                ClusterChecks.awaitExecutors(spark);
            } catch (RuntimeException e) {
                spark.stop();
                throw e;
            }
        }
        return new Session(spark, !existing);
    }

    private static SparkSession start(String appName, String masterOption, Map<String, String> conf) {
        String master = resolveMaster(masterOption);
        checkDriverReachable(master, conf);
        checkMaster(master);
        SparkSession.Builder b = SparkSession.builder().appName(appName).master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.parquet.compression.codec", "zstd")
                // As sparkrl's own Parquet writer does: INT96 is deprecated and read as bytes by some readers.
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        if (isLoopback(master)) {
            // A laptop run needs no network: keep the driver on loopback whatever the hostname resolves to.
            b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        // Executors resolve Atari ROMs from the same directory as the driver (the path must exist on every worker).
        b.config("spark.executorEnv." + Roms.ENV, Roms.directory().path().toString());
        conf.forEach(b::config);
        // Every executor picks ND4J's native build for its own CPU before a task loads ND4J (the user's plugins kept).
        String plugins = conf.getOrDefault("spark.plugins", "");
        b.config("spark.plugins", plugins.isBlank() ? BackendPlugin.class.getName() : plugins + "," + BackendPlugin.class.getName());
        return b.getOrCreate();
    }

    /**
     * The driver binds to loopback unless configured (./sparkrl sets SPARK_LOCAL_IP=127.0.0.1): executors of a cluster
     * elsewhere could never connect back to it, and Spark would wait for them without saying why.
     */
    static void checkDriverReachable(String master, Map<String, String> conf) {
        if (isLoopback(master)) return;
        String host = conf.getOrDefault("spark.driver.host", System.getProperty("spark.driver.host", System.getenv("SPARK_LOCAL_IP")));
        if (host != null && isLoopbackHost(host))
            throw new BadInputException("the driver binds to loopback (" + host + ") but the master " + master + " is a cluster: "
                    + "set --conf spark.driver.host=ADDRESS --conf spark.driver.bindAddress=ADDRESS (or SPARK_LOCAL_IP) to an "
                    + "address the executors reach");
    }

    private static boolean isLoopbackHost(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static boolean isLoopback(String master) {
        return master.startsWith("local") || master.contains("://127.0.0.1") || master.contains("://localhost");
    }

    /**
     * Fails fast with a fix when a standalone master does not answer: Spark itself would retry for a minute
     * and then report only that the context was shut down.
     */
    static void checkMaster(String master) {
        if (master.startsWith("local")) {
            if (!master.matches("local(\\[(\\*|[1-9][0-9]*)(,\\s*[0-9]+)?])?"))
                throw new BadInputException("bad Spark master '" + master + "': use local, local[N] or local[*]");
            return;
        }
        if (!master.startsWith("spark://")) return; // yarn, k8s://...: their own clients report reachability
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BadInputException("bad Spark master '" + master + "': expected spark://host:port");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 3000);
                return;
            } catch (IOException e) {
                // try the next master of an HA list
            }
        }
        throw new BadInputException("cannot reach Spark master " + master
                + ": start the master (submit/local-cluster.sh start) or use --master local[*]");
    }
}
