package io.sparkrl.jobs;

import io.sparkrl.rollout.vector.VectorEnv;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The train job's vector envs, kept alive in the JVM that ran a partition's last iteration (an executor, or the
 * driver in local mode) so that the partition's next task there continues them instead of building new ones and
 * restoring the snapshot (an Atari env costs some 170 ms to build). Only an optimisation: a task that finds no env
 * here, or one at another iteration, restores from the snapshot the driver sent. A task takes its env out while it
 * steps it, so a retried task never sees a half-stepped env.
 */
final class LiveEnvs {
    private record Live(int iteration, VectorEnv env) {}

    private static final Map<String, Live> LIVE = new ConcurrentHashMap<>();

    private LiveEnvs() {}

    private static String key(String runId, int partition) { return runId + "/" + partition; }

    /** The env partition {@code partition} left after iteration {@code iteration}, or null (any other is closed). */
    static VectorEnv take(String runId, int partition, int iteration) {
        Live live = LIVE.remove(key(runId, partition));
        if (live == null) return null;
        if (live.iteration() == iteration) return live.env();
        live.env().close();
        return null;
    }

    /** Keeps {@code env}, as it is after {@code iteration}, for the partition's next task; other runs' envs are closed. */
    static void put(String runId, int partition, int iteration, VectorEnv env) {
        LIVE.entrySet().removeIf(e -> {
            boolean otherRun = !e.getKey().startsWith(runId + "/");
            if (otherRun) e.getValue().env().close();
            return otherRun;
        });
        Live old = LIVE.put(key(runId, partition), new Live(iteration, env));
        if (old != null && old.env() != env) old.env().close();
    }

    /** Closes the run's envs kept in this JVM. */
    static void closeRun(String runId) {
        LIVE.entrySet().removeIf(e -> {
            boolean ours = e.getKey().startsWith(runId + "/");
            if (ours) e.getValue().env().close();
            return ours;
        });
    }
}
