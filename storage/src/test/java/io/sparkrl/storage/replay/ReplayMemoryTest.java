package io.sparkrl.storage.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.runner.Segment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplayMemoryTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFullBufferTakesWhatRequiredBytesSaidAndAnEmptyOneLittle(boolean prioritized) {
        // 1,773 bytes an entry: three chunks of entries, the last one partly used.
        ReplayBuffer.Config config = new ReplayBuffer.Config(new FrameStackLayout(4, 42, 42), 20_000, 2, true, 1, 3,
                0.99, prioritized, 0.6, 1e-6);
        ReplayBuffer buffer = new ReplayBuffer(config);
        long required = ReplayBuffer.requiredBytes(config);
        assertTrue(buffer.bytesUsed() < required / 5, "entries are allocated as they are written: " + buffer.bytesUsed());

        Segment seg = new Segment(500, 2, config.layout().obsSize(), true, 1);
        for (int row = 0; row < seg.size(); row++) {
            int t = row / 2;
            seg.stepInEpisode[row] = t % 100;
            seg.terminated[row] = t % 100 == 99;
            seg.obs[row * seg.obsSize + seg.obsSize - 1] = t % 256;
        }
        for (int i = 0; i < 21; i++) buffer.add(seg, 0);
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
