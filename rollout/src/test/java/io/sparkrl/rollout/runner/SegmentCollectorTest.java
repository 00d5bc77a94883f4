package io.sparkrl.rollout.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.ActionBatch;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.vector.VectorEnvs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentCollectorTest {
    /** A stochastic linear policy on CartPole with a made-up critic: enough to exercise every column. */
    static final class LinearPolicy implements BatchPolicy {
        @Override public void act(float[] obs, int n, Rng rng, boolean deterministic, ActionBatch out) {
            for (int i = 0; i < n; i++) {
                double p1 = 1 / (1 + Math.exp(-(obs[i * 4 + 2] * 10 + obs[i * 4 + 3])));
                int a = deterministic ? (p1 > 0.5 ? 1 : 0) : (rng.nextDouble() < p1 ? 1 : 0);
                out.discrete[i] = a;
                out.logProb[i] = (float) Math.log(a == 1 ? p1 : 1 - p1);
                out.value[i] = obs[i * 4];
            }
        }

        @Override public void values(float[] obs, int n, float[] out) {
            for (int i = 0; i < n; i++) out[i] = obs[i * 4];
        }
    }

    @Test void segmentsRecordEveryStepAndEpisode() {
        SegmentCollector c = SegmentCollector.start(VectorEnvs.make("CartPole-v1", 4), 11, 0, 4, 0);
        Segment s = c.collect(new LinearPolicy(), c.newSegment(600), 0);
        assertEquals(2400, s.size());
        Set<Long> ids = new HashSet<>();
        for (Segment.FinishedEpisode e : s.finishedEpisodes) {
            assertTrue(ids.add(e.episodeId()), "duplicate id " + e.episodeId());
            assertEquals(e.episodeId() % 4 + 11, e.seed());
            assertEquals(e.length() * 4L, e.endGlobalStep() - e.startGlobalStep());
        }
        assertFalse(s.finishedEpisodes.isEmpty());
        // Each row's next observation is the next row's observation unless the episode ended there.
        for (int t = 0; t + 1 < s.numSteps; t++)
            for (int k = 0; k < 4; k++) {
                int row = t * 4 + k, next = row + 4;
                boolean done = s.terminated[row] || s.truncated[row];
                assertEquals(done ? 0 : s.stepInEpisode[row] + 1, s.stepInEpisode[next]);
                if (!done)
                    for (int j = 0; j < 4; j++) assertEquals(s.nextObs[row * 4 + j], s.obs[next * 4 + j]);
                if (!s.truncated[row] || s.terminated[row]) assertEquals(0f, s.bootstrapValues[row]);
            }
    }

    @Test void resumingFromASerializedStateContinuesExactly() throws Exception {
        LinearPolicy policy = new LinearPolicy();
        SegmentCollector whole = SegmentCollector.start(VectorEnvs.make("CartPole-v1", 3), 5, 3, 6, 0);
        Segment a1 = whole.collect(policy, whole.newSegment(70), 0);
        Segment a2 = whole.collect(policy, whole.newSegment(70), 420);

        SegmentCollector first = SegmentCollector.start(VectorEnvs.make("CartPole-v1", 3), 5, 3, 6, 0);
        Segment b1 = first.collect(policy, first.newSegment(70), 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(first.state());
        }
        SegmentCollector.State state;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            state = (SegmentCollector.State) in.readObject();
        }
        SegmentCollector resumed = SegmentCollector.resume(VectorEnvs.make("CartPole-v1", 3), state);
        Segment b2 = resumed.collect(policy, resumed.newSegment(70), 420);

        for (Segment[] pair : List.of(new Segment[] {a1, b1}, new Segment[] {a2, b2})) {
            assertArrayEquals(pair[0].obs, pair[1].obs);
            assertArrayEquals(pair[0].discreteActions, pair[1].discreteActions);
            assertArrayEquals(pair[0].rewards, pair[1].rewards);
            assertArrayEquals(pair[0].episodeIds, pair[1].episodeIds);
            assertEquals(pair[0].finishedEpisodes.stream().map(e -> e.episodeId() + ":" + e.episodeReturn()).toList(),
                    pair[1].finishedEpisodes.stream().map(e -> e.episodeId() + ":" + e.episodeReturn()).toList());
        }
        assertTrue(a2.finishedEpisodes.stream().anyMatch(e -> e.startGlobalStep() < 420), "an episode spans the two segments");
    }
}
