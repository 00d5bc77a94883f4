package io.sparkrl.storage.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    static ReplayBuffer.Config config(Layout layout, long capacity, int streams, int nSteps, double gamma) {
        return new ReplayBuffer.Config(layout, capacity, streams, true, 1, nSteps, gamma, false, 0, 0);
    }

    /** One sampled transition, as the batch gave it. */
    record Sample(int stream, long id, float[] obs, float[] nextObs, int action, float ret, float discount) {}

    /**
     * Every distinct transition that 300 batches of 16 sampled, by stream * 1000 + id; a transition sampled twice
     * must come out the same.
     */
    static Map<Long, Sample> sampleAll(ReplayBuffer buffer, FakeStreams streams) {
        Rng rng = new Rng(7);
        Map<Long, Sample> seen = new TreeMap<>();
        for (int b = 0; b < 300; b++) {
            ReplayBatch batch = buffer.sample(16, rng, 0);
            int n = batch.obsSize;
            for (int i = 0; i < batch.size; i++) {
                Sample s = new Sample(streams.streamOf(batch.obs, i), streams.idOf(batch.obs, i),
                        Arrays.copyOfRange(batch.obs, i * n, (i + 1) * n), Arrays.copyOfRange(batch.nextObs, i * n, (i + 1) * n),
                        batch.actions[i], batch.returns[i], batch.discounts[i]);
                Sample before = seen.putIfAbsent(s.stream() * 1000L + s.id(), s);
                if (before != null) {
                    assertArrayEquals(before.obs(), s.obs());
                    assertArrayEquals(before.nextObs(), s.nextObs());
                }
            }
        }
        return seen;
    }

    /** With one-step returns: each sample's observation and next observation are what the env slot saw. */
    private static void assertOneStepSamplesMatch(FakeStreams streams, Map<Long, Sample> samples) {
        for (Sample s : samples.values()) {
            assertArrayEquals(streams.observation(0, s.id()), s.obs(), "observation of entry " + s.id());
            assertArrayEquals(streams.observation(0, s.id() + 1), s.nextObs(), "next observation of entry " + s.id());
            assertEquals(s.id() % 5, s.action());
            assertEquals(s.id() + 1, s.ret());
        }
    }

    @Test
    void stacksFramesWithinAnEpisodeAndPadsWithZerosBeforeItsFirstStep() {
        FrameStackLayout layout = new FrameStackLayout(3, 2, 2);
        ReplayBuffer buffer = new ReplayBuffer(config(layout, 64, 1, 1, 0.9));
        FakeStreams streams = new FakeStreams(layout, 1, 0);
        buffer.add(streams.segment("..T."), 0);  // entries 0, 1, 2 (terminates), 3 (its final observation), 4
        assertEquals(Set.of(0L, 1L, 2L), sampleAll(buffer, streams).keySet(), "4 waits for its next observation");

        buffer.add(streams.segment("..."), 0);  // 5, 6, 7
        Map<Long, Sample> samples = sampleAll(buffer, streams);
        assertEquals(Set.of(0L, 1L, 2L, 4L, 5L, 6L), samples.keySet(), "final observation 3 and newest step 7 are not sampled");
        assertOneStepSamplesMatch(streams, samples);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 5, 5}, samples.get(4L).obs(), "a first step is padded with zeros");
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 5, 5, 5, 6, 6, 6, 6}, samples.get(4L).nextObs());
        assertArrayEquals(new float[] {2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4}, samples.get(2L).nextObs(), "the final observation's stack");
        assertEquals(0, samples.get(2L).discount(), "terminated: no bootstrap");
        assertEquals(0.9f, samples.get(1L).discount());
    }

    @Test
    void afterTheRingWrapsStacksHoldNoStaleFramesAndOverwrittenHistoryIsNotSampled() {
        FrameStackLayout layout = new FrameStackLayout(3, 1, 1);
        ReplayBuffer buffer = new ReplayBuffer(config(layout, 8, 1, 1, 0.9));
        FakeStreams streams = new FakeStreams(layout, 1, 0);
        buffer.add(streams.segment("......T"), 0);  // 0..6, final observation 7: the ring is full
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), sampleAll(buffer, streams).keySet());

        buffer.add(streams.segment("....."), 0);  // 8..12 overwrite 0..4 (8 lands in slot 0, after 7 in slot 7)
        Map<Long, Sample> samples = sampleAll(buffer, streams);
        assertEquals(Set.of(8L, 9L, 10L, 11L), samples.keySet(), "5 and 6 are stored, but 3 and 4 of their stacks are not");
        assertOneStepSamplesMatch(streams, samples);
        assertArrayEquals(new float[] {0, 0, 9}, samples.get(8L).obs(), "no frames from the slots before");

        buffer.add(streams.segment("..."), 0);  // 13..15: the oldest entry is now 8, an episode's first step
        samples = sampleAll(buffer, streams);
        assertEquals(Set.of(8L, 9L, 10L, 11L, 12L, 13L, 14L), samples.keySet(), "history back to the episode start is stored");
        assertOneStepSamplesMatch(streams, samples);
    }

    @Test
    void nStepReturnsStopAtATerminationWithoutBootstrapAndWaitForTheStreamHead() {
        VectorLayout layout = new VectorLayout(2);
        ReplayBuffer buffer = new ReplayBuffer(config(layout, 64, 1, 3, 0.5));
        FakeStreams streams = new FakeStreams(layout, 1, 0);
        buffer.add(streams.segment("..T....."), 0);  // 0, 1, 2 (terminates), 3 (final), 4..8; rewards id + 1
        Map<Long, Sample> samples = sampleAll(buffer, streams);
        assertEquals(Set.of(0L, 1L, 2L, 4L, 5L), samples.keySet(), "6's window 6, 7, 8 needs entry 9 to bootstrap from");
        assertReturn(samples.get(0L), 1 + 0.5 * 2 + 0.25 * 3, 0, streams.observation(0, 3));
        assertReturn(samples.get(1L), 2 + 0.5 * 3, 0, streams.observation(0, 3));
        assertReturn(samples.get(2L), 3, 0, streams.observation(0, 3));
        assertReturn(samples.get(4L), 5 + 0.5 * 6 + 0.25 * 7, 0.125, streams.observation(0, 7));
        assertReturn(samples.get(5L), 6 + 0.5 * 7 + 0.25 * 8, 0.125, streams.observation(0, 8));

        buffer.add(streams.segment("."), 0);  // 9
        samples = sampleAll(buffer, streams);
        assertEquals(Set.of(0L, 1L, 2L, 4L, 5L, 6L), samples.keySet());
        assertReturn(samples.get(6L), 7 + 0.5 * 8 + 0.25 * 9, 0.125, streams.observation(0, 9));
    }

    @Test
    void nStepReturnsStopAtATruncationAndBootstrapFromItsFinalObservation() {
        VectorLayout layout = new VectorLayout(2);
        ReplayBuffer buffer = new ReplayBuffer(config(layout, 64, 1, 3, 0.5));
        FakeStreams streams = new FakeStreams(layout, 1, 0);
        buffer.add(streams.segment(".X...."), 0);  // 0, 1 (truncated), 2 (final), 3..6
        Map<Long, Sample> samples = sampleAll(buffer, streams);
        assertEquals(Set.of(0L, 1L, 3L), samples.keySet());
        assertReturn(samples.get(0L), 1 + 0.5 * 2, 0.25, streams.observation(0, 2));
        assertReturn(samples.get(1L), 2, 0.5, streams.observation(0, 2));
        assertReturn(samples.get(3L), 4 + 0.5 * 5 + 0.25 * 6, 0.125, streams.observation(0, 6));
    }

    @Test
    void nStepBootstrapStacksAreTheObservationNStepsLaterOrTheFinalOne() {
        FrameStackLayout layout = new FrameStackLayout(3, 1, 2);
        ReplayBuffer buffer = new ReplayBuffer(config(layout, 64, 1, 2, 0.5));
        FakeStreams streams = new FakeStreams(layout, 1, 0);
        buffer.add(streams.segment("..X....."), 0);  // 0, 1, 2 (truncated), 3 (final), 4..8
        Map<Long, Sample> samples = sampleAll(buffer, streams);
        assertEquals(Set.of(0L, 1L, 2L, 4L, 5L, 6L), samples.keySet());
        Map<Long, Long> bootstrap = Map.of(0L, 2L, 1L, 3L, 2L, 3L, 4L, 6L, 5L, 7L, 6L, 8L);
        for (Sample s : samples.values()) {
            assertArrayEquals(streams.observation(0, s.id()), s.obs());
            assertArrayEquals(streams.observation(0, bootstrap.get(s.id())), s.nextObs(), "bootstrap of " + s.id());
        }
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 5}, samples.get(4L).obs());
        assertArrayEquals(new float[] {5, 5, 6, 6, 7, 7}, samples.get(4L).nextObs(), "two steps later: frames 4, 5, 6");
    }

    private static void assertReturn(Sample s, double ret, double discount, float[] nextObs) {
        assertEquals(ret, s.ret(), 1e-6, "return of " + s.id());
        assertEquals(discount, s.discount(), 1e-9, "discount of " + s.id());
        assertArrayEquals(nextObs, s.nextObs(), "bootstrap observation of " + s.id());
    }

    @Test
    void streamsFromMultiSlotSegmentsStayApartAndAreSampledUniformly() {
        VectorLayout layout = new VectorLayout(2);
        ReplayBuffer buffer = new ReplayBuffer(config(layout, 400, 4, 2, 0.5));
        FakeStreams first = new FakeStreams(layout, 2, 0), second = new FakeStreams(layout, 2, 2);
        buffer.add(first.segment("..T..", "....."), 0);
        buffer.add(second.segment(".....", ".X..."), 2);
        buffer.add(first.segment(".....", "....."), 0);  // streams 0 and 1 now hold more than 2 and 3
        Map<Long, Sample> samples = sampleAll(buffer, first);
        assertEquals(Set.of(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 1000L, 1001L, 1002L, 1003L, 1004L, 1005L, 1006L, 1007L,
                2000L, 2001L, 2002L, 3000L, 3001L, 3003L), samples.keySet());
        for (Sample s : samples.values()) {
            FakeStreams streams = s.stream() < 2 ? first : second;
            int slot = s.stream() < 2 ? s.stream() : s.stream() - 2;
            assertArrayEquals(streams.observation(slot, s.id()), s.obs());
            assertEquals(s.stream(), (int) s.nextObs()[0], "the bootstrap comes from the same stream");
        }
        assertReturn(samples.get(3000L), 1 + 0.5 * 2, 0.25, second.observation(1, 2));
        assertReturn(samples.get(1L), 2 + 0.5 * 3, 0, first.observation(0, 3));

        int[] counts = new int[4000];
        Rng rng = new Rng(11);
        int draws = 22 * 2000;
        for (int b = 0; b < draws / 8; b++) {
            ReplayBatch batch = buffer.sample(8, rng, 0);
            for (int i = 0; i < 8; i++) counts[(int) (batch.obs[2 * i] * 1000 + batch.obs[2 * i + 1])]++;
        }
        for (long key : samples.keySet())
            assertEquals(2000, counts[(int) key], 200, "each of 22 transitions is drawn 1/22 of the time: " + key);
    }

    @Test
    void badConfigsAndMisuseSayWhatToFix() {
        VectorLayout layout = new VectorLayout(2);
        assertTrue(assertThrows(BadInputException.class, () -> config(layout, 0, 1, 1, 0.9)).getMessage().contains("capacity"));
        assertTrue(assertThrows(BadInputException.class, () -> config(layout, 8, 0, 1, 0.9)).getMessage().contains("numStreams"));
        assertTrue(assertThrows(BadInputException.class, () -> config(layout, 8, 1, 1, 1.5)).getMessage().contains("gamma"));
        assertTrue(assertThrows(BadInputException.class, () -> config(new FrameStackLayout(4, 2, 2), 16, 2, 5, 0.9))
                .getMessage().contains("raise capacity to at least 18"));
        assertTrue(assertThrows(BadInputException.class, () -> new ReplayBuffer.Config(layout, 8, 1, true, 1, 1, 0.9, true, 0.6, 0))
                .getMessage().contains("priorityEps"));
        assertTrue(assertThrows(BadInputException.class, () -> new ReplayBuffer.Config(layout, 8, 1, true, 2, 1, 0.9, false, 0, 0))
                .getMessage().contains("actionWidth"));

        ReplayBuffer buffer = new ReplayBuffer(config(layout, 8, 1, 1, 0.9));
        assertThrows(IllegalStateException.class, () -> buffer.sample(4, new Rng(1), 0), "nothing to sample yet");
        assertThrows(IllegalArgumentException.class, () -> buffer.add(new Segment(2, 1, 3, true, 1), 0), "wrong observation size");
        assertThrows(IllegalArgumentException.class, () -> buffer.add(new Segment(2, 2, 2, true, 1), 0), "two slots, one stream");
        assertThrows(IllegalStateException.class, () -> buffer.updatePriorities(new long[1], new float[1]), "not prioritised");
    }
}
