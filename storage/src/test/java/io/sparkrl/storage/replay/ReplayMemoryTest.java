package io.sparkrl.storage.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.runner.Segment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayMemoryTest {

    /** 1,773 bytes an entry: three chunks of entries, the last one partly used. */
    static ReplayBuffer.Config threeChunks(boolean prioritized) {
        return new ReplayBuffer.Config(new FrameStackLayout(4, 42, 42), 20_000, 2, true, 1, 3, 0.99, prioritized, 0.6, 1e-6);
    }

    /** Adds 21,000 steps of 2 slots, episodes of 100 steps: more than the buffer holds. */
    static void fill(ReplayBuffer buffer) {
        Segment seg = new Segment(500, 2, buffer.config().layout().obsSize(), true, 1);
        for (int i = 0; i < 21; i++) {
            for (int row = 0; row < seg.size(); row++) {
                int t = i * 500 + row / 2;
                seg.stepInEpisode[row] = t % 100;
                seg.terminated[row] = t % 100 == 99;
                seg.rewards[row] = t % 3;
                seg.obs[row * seg.obsSize + seg.obsSize - 1 - row % 7] = t % 256;
            }
            buffer.add(seg, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFullBufferTakesWhatRequiredBytesSaidAndAnEmptyOneLittle(boolean prioritized) {
        ReplayBuffer.Config config = threeChunks(prioritized);
        ReplayBuffer buffer = new ReplayBuffer(config);
        long required = ReplayBuffer.requiredBytes(config);
        assertTrue(buffer.bytesUsed() < required / 5, "entries are allocated as they are written: " + buffer.bytesUsed());
        fill(buffer);
        assertEquals(required, buffer.bytesUsed());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMillionAtariTransitionsNeedAtMost7100BytesEach(boolean prioritized) {
        ReplayBuffer.Config config = new ReplayBuffer.Config(new FrameStackLayout(4, 84, 84), 1_000_000, 8, true, 1, 3,
                0.99, prioritized, 0.6, 1e-6);
        long perTransition = ReplayBuffer.requiredBytes(config) / config.capacity();
        assertTrue(perTransition <= 7_100, perTransition + " bytes per transition");
    }
}
