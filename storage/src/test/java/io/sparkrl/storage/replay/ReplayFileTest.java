package io.sparkrl.storage.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplayFileTest {
    @TempDir Path dir;

    static Stream<ReplayBuffer.Config> configs() {
        return Stream.of(
                new ReplayBuffer.Config(new FrameStackLayout(4, 3, 5), 48, 2, true, 1, 3, 0.9, true, 0.6, 1e-3),
                new ReplayBuffer.Config(new VectorLayout(2), 40, 2, true, 1, 2, 0.99, true, 0.7, 1e-2),
                new ReplayBuffer.Config(new FrameStackLayout(2, 2, 2), 40, 2, true, 1, 1, 0.99, false, 0, 0),
                new ReplayBuffer.Config(new FrameStackLayout(2, 2, 2, 1f), 40, 2, true, 1, 1, 0.99, false, 0, 0));
    }

    /** A random script for {@link FakeStreams#segment}: about one step in ten ends an episode. */
    private static String script(Rng rng, int steps) {
        StringBuilder s = new StringBuilder();
        for (int t = 0; t < steps; t++) {
            double u = rng.nextDouble();
            s.append(u < 0.07 ? 'T' : u < 0.1 ? 'X' : '.');
        }
        return s.toString();
    }

    /** A buffer that has wrapped around, been sampled and had priorities updated. */
    private static ReplayBuffer used(ReplayBuffer.Config config, FakeStreams streams, Rng scripts) {
        ReplayBuffer buffer = new ReplayBuffer(config);
        Rng rng = new Rng(2);
        for (int i = 0; i < 6; i++) {
            buffer.add(streams.segment(script(scripts, 10), script(scripts, 10)), 0);
            ReplayBatch batch = buffer.sample(16, rng, 0.4);
            if (config.prioritized()) buffer.updatePriorities(batch.indices, randomErrors(rng, batch.size));
        }
        return buffer;
    }

    private static float[] randomErrors(Rng rng, int n) {
        float[] errors = new float[n];
        for (int i = 0; i < n; i++) errors[i] = (float) rng.nextGaussian();
        return errors;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void aLoadedBufferSamplesExactlyWhatTheSavedOneWould(ReplayBuffer.Config config) {
        FakeStreams streams = new FakeStreams(config.layout(), 2, 0);
        Rng scripts = new Rng(1);
        ReplayBuffer original = used(config, streams, scripts);
        Path file = dir.resolve("replay.bin");
        original.save(file);
        ReplayBuffer loaded = ReplayBuffer.load(file);
        assertSameSamples(original, loaded, () -> streams.segment(script(scripts, 7), script(scripts, 7)));
    }

    @Test
    void aBufferOfSeveralChunksComesBackWhole() {
        ReplayBuffer original = new ReplayBuffer(ReplayMemoryTest.threeChunks(true));
        ReplayMemoryTest.fill(original);
        Path file = dir.resolve("big.bin");
        original.save(file);
        assertSameSamples(original, ReplayBuffer.load(file), null);
    }

    /**
     * Samples both buffers with equal Rngs, updates their priorities alike and adds the same segment to both
     * ({@code more}, unless null), four times: the batches must be identical.
     */
    private static void assertSameSamples(ReplayBuffer original, ReplayBuffer loaded, Supplier<Segment> more) {
        assertEquals(original.config(), loaded.config());
        assertEquals(original.size(), loaded.size());
        assertEquals(original.bytesUsed(), loaded.bytesUsed());
        Rng a = new Rng(5), b = new Rng(5), errorRng = new Rng(6);
        for (int round = 0; round < 4; round++) {
            ReplayBatch x = original.sample(16, a, 0.5), y = loaded.sample(16, b, 0.5);
            assertArrayEquals(x.obs, y.obs);
            assertArrayEquals(x.nextObs, y.nextObs);
            assertArrayEquals(x.actions, y.actions);
            assertArrayEquals(x.returns, y.returns);
            assertArrayEquals(x.discounts, y.discounts);
            assertArrayEquals(x.weights, y.weights);
            assertArrayEquals(x.indices, y.indices);
            if (original.config().prioritized()) {
                float[] errors = randomErrors(errorRng, x.size);
                original.updatePriorities(x.indices, errors);
                loaded.updatePriorities(y.indices, errors);
            }
            if (more != null) {
                Segment segment = more.get();
                original.add(segment, 0);
                loaded.add(segment, 0);
            }
        }
    }

    @Test
    void truncatedCorruptOrForeignFilesAreBadInputThatNamesTheFileAndTheFix() throws IOException {
        ReplayBuffer.Config config = configs().findFirst().orElseThrow();
        Path good = dir.resolve("good.bin");
        used(config, new FakeStreams(config.layout(), 2, 0), new Rng(1)).save(good);
        byte[] bytes = Files.readAllBytes(good);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x40;
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("truncated", Arrays.copyOf(bytes, bytes.length / 2));
        bad.put("cut-in-header", Arrays.copyOf(bytes, 30));
        bad.put("flipped", flipped);
        bad.put("trailing", longer);
        bad.put("foreign", "{\"not\": \"a replay buffer\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("empty", new byte[0]);
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".bin");
            Files.write(file, e.getValue());
            String message = assertThrows(BadInputException.class, () -> ReplayBuffer.load(file), e.getKey()).getMessage();
            assertTrue(message.contains(file.toString()) && message.contains("delete it"), message);
            assertFalse(message.contains("\n"), message);
        }
        Path missing = dir.resolve("missing.bin");
        assertTrue(assertThrows(BadInputException.class, () -> ReplayBuffer.load(missing)).getMessage().contains("does not exist"));
    }
}
