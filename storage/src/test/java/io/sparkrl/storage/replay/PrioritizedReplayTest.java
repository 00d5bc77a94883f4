package io.sparkrl.storage.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrl.rollout.env.Rng;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrioritizedReplayTest {
    private static final VectorLayout LAYOUT = new VectorLayout(2);

    private static ReplayBuffer prioritized(long capacity, double alpha, double eps) {
        return new ReplayBuffer(new ReplayBuffer.Config(LAYOUT, capacity, 1, true, 1, 1, 0.9, true, alpha, eps));
    }

    /** The index of every transition id that 200 batches sampled. */
    private static Map<Long, Long> indicesById(ReplayBuffer buffer) {
        Map<Long, Long> indices = new HashMap<>();
        Rng rng = new Rng(3);
        for (int b = 0; b < 200; b++) {
            ReplayBatch batch = buffer.sample(8, rng, 0.4);
            for (int i = 0; i < batch.size; i++) indices.put((long) batch.obs[2 * i + 1], batch.indices[i]);
        }
        return indices;
    }

    /** Sets transition id's priority from TD error {@code tdErrors[id]}. */
    private static void update(ReplayBuffer buffer, Map<Long, Long> indices, float... tdErrors) {
        long[] which = new long[tdErrors.length];
        for (int id = 0; id < tdErrors.length; id++) which[id] = indices.get((long) id);
        buffer.updatePriorities(which, tdErrors);
    }

    @Test
    void samplesInProportionToPriorityToTheAlpha() {
        double alpha = 0.6, eps = 0.5;
        ReplayBuffer buffer = prioritized(64, alpha, eps);
        FakeStreams streams = new FakeStreams(LAYOUT, 1, 0);
        buffer.add(streams.segment("........T"), 0);  // 0..8 (8 terminates), 9 its final observation
        Map<Long, Long> indices = indicesById(buffer);
        assertEquals(9, indices.size(), "new transitions all get the same (max) priority");
        assertFalse(indices.containsKey(9L), "final observations are never sampled");
        update(buffer, indices, 0, -1, 2, 3, -4, 5, 6, 7, 8);  // p = |td| + 0.5

        double[] expected = new double[9];
        double total = 0;
        for (int id = 0; id < 9; id++) total += expected[id] = Math.pow(id + eps, alpha);
        int[] counts = new int[9];
        Rng rng = new Rng(5);
        int draws = 0;
        for (int b = 0; b < 4000; b++) {
            ReplayBatch batch = buffer.sample(32, rng, 0.4);
            for (int i = 0; i < batch.size; i++, draws++) counts[(int) batch.obs[2 * i + 1]]++;
        }
        for (int id = 0; id < 9; id++)
            assertEquals(expected[id] / total, counts[id] / (double) draws, 0.004, "P(" + id + ") = p^alpha / sum p^alpha");
    }

    @Test
    void importanceWeightsMatchHandComputedValuesAndNewTransitionsGetTheMaxPriority() {
        ReplayBuffer buffer = prioritized(64, 0.5, 0.5);
        FakeStreams streams = new FakeStreams(LAYOUT, 1, 0);
        buffer.add(streams.segment("...."), 0);  // sampleable 0, 1, 2
        update(buffer, indicesById(buffer), 0.5f, -1.5f, 3.5f);
        // p = 1, 2, 4; p^alpha = 1, 1.41421, 2; P = p^alpha / 4.41421 = 0.22654, 0.32037, 0.45308; with N = 3 and
        // beta = 1, (N P)^-1 = 1.47140, 1.04044, 0.73570, divided by the largest: 1, 0.70711, 0.5.
        assertWeights(Map.of(0L, 1f, 1L, 0.70710677f, 2L, 0.5f), buffer, 1);
        // beta = 0.5: 1, 2^-0.25, 2^-0.5.
        assertWeights(Map.of(0L, 1f, 1L, 0.8408964f, 2L, 0.70710677f), buffer, 0.5);

        buffer.add(streams.segment("."), 0);  // 3 becomes sampleable with the highest priority so far, 4
        assertWeights(Map.of(0L, 1f, 1L, 0.70710677f, 2L, 0.5f, 3L, 0.5f), buffer, 1);
    }

    /** Samples 100 batches: exactly the ids of {@code expected} come out, each with its weight. */
    private static void assertWeights(Map<Long, Float> expected, ReplayBuffer buffer, double beta) {
        Set<Long> seen = new HashSet<>();
        Rng rng = new Rng(9);
        for (int b = 0; b < 100; b++) {
            ReplayBatch batch = buffer.sample(8, rng, beta);
            for (int i = 0; i < batch.size; i++) {
                long id = (long) batch.obs[2 * i + 1];
                seen.add(id);
                assertEquals(expected.get(id), batch.weights[i], 1e-6f, "weight of " + id);
            }
        }
        assertEquals(expected.keySet(), seen);
    }

    @Test
    void updatePrioritiesSkipsTransitionsOverwrittenSinceTheyWereSampled() {
        ReplayBuffer buffer = prioritized(4, 0.6, 0.01);
        FakeStreams streams = new FakeStreams(LAYOUT, 1, 0);
        buffer.add(streams.segment("..."), 0);  // 0, 1, 2
        long stale = indicesById(buffer).get(0L);
        buffer.add(streams.segment("...."), 0);  // 3..6 overwrite 0..2
        buffer.updatePriorities(new long[] {stale}, new float[] {100});
        assertWeights(Map.of(3L, 1f, 4L, 1f, 5L, 1f), buffer, 1);  // none got priority 100
        assertThrows(IllegalArgumentException.class,
                () -> buffer.updatePriorities(new long[] {indicesById(buffer).get(3L)}, new float[] {Float.NaN}));
    }
}
