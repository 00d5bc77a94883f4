package io.sparkrl.training.offpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Space;
import io.sparkrl.storage.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DQN on image observations: the convolutional torso from the config, refusals, checkpoints. */
class DqnImageObservationTest {
    private static final Space.Box IMAGE = box(4, 10, 10);
    private static final Space.Discrete ACTIONS = new Space.Discrete(3);

    @Test
    void minAtarIdsGetTheMinAtarNetworkFromTheFamilyDefaults() {
        DqnConfig config = DqnConfig.forEnv("MinAtar/Breakout-v1");
        assertArrayEquals(new int[][] {{16, 3, 1}}, config.conv());
        assertArrayEquals(new int[] {128}, config.hidden());
        DqnAgent agent = DqnAgent.create(IMAGE, ACTIONS, config.with("{\"buffer_size\":1000}"), 1, false, 0);
        QNetwork.Spec spec = agent.online.spec();
        assertArrayEquals(new int[] {4, 10, 10}, spec.imageShape());
        // 16 3x3x4 filters + bias, then 16x8x8 = 1024 -> 128 -> 3.
        assertEquals(16 * 36 + 16 + 1024 * 128 + 128 + 128 * 3 + 3, agent.online.numParams());
        assertArrayEquals(new int[][] {{32, 8, 4}, {64, 4, 2}, {64, 3, 1}}, DqnConfig.forEnv("CartPole-v1").conv(),
                "other envs keep the defaults (Nature CNN, used only for images)");
        assertEquals(0, DqnAgent.create(Space.Box.uniform(-1, 1, 4), ACTIONS, DqnConfig.forEnv("CartPole-v1"), 1, false, 0)
                .online.spec().conv().length, "flat observations ignore conv");
    }

    @Test
    void anMlpOnPixelsOrAConvolutionLargerThanTheImageIsRefusedInOneLine() {
        DqnConfig config = DqnConfig.forEnv("MinAtar/Breakout-v1");
        BadInputException mlp = assertThrows(BadInputException.class,
                () -> DqnAgent.create(IMAGE, ACTIONS, config.with("{\"conv\":[]}"), 1, false, 0));
        assertTrue(mlp.getMessage().contains("images [4, 10, 10]") && mlp.getMessage().contains("conv"), mlp.getMessage());
        BadInputException tooBig = assertThrows(BadInputException.class,
                () -> DqnAgent.create(IMAGE, ACTIONS, config.with("{\"conv\":[[8,12,1]]}"), 1, false, 0));
        assertTrue(tooBig.getMessage().contains("10x10") && !tooBig.getMessage().contains("\n"), tooBig.getMessage());
        assertThrows(BadInputException.class, () -> config.with("{\"conv\":[[8,3]]}"));
    }

    @Test
    void aConvolutionalLearnerRoundTripsThroughItsCheckpoint(@TempDir Path dir) {
        DqnAgent agent = DqnAgent.create(IMAGE, ACTIONS, DqnConfig.forEnv("MinAtar/Breakout-v1").with("{\"buffer_size\":1000}"), 1, false, 0);
        agent.save(dir);
        DqnAgent loaded = DqnAgent.load(dir);
        assertEquals(agent.online.spec(), loaded.online.spec());
        assertArrayEquals(agent.params(), loaded.params());
        assertArrayEquals(agent.targetParams(), loaded.targetParams());
    }

    @Test
    void configsStoredBeforeConvExistedReadAsFlatNetworks() {
        String stored = DqnConfig.forEnv("CartPole-v1").toJson().replaceFirst("\"conv\":\\[\\[[0-9,\\[\\]]*\\]\\],", "");
        assertTrue(!stored.contains("conv"), stored);
        assertEquals(0, DqnConfig.fromJson(stored).conv().length);
        assertArrayEquals(new int[][] {{16, 3, 1}}, DqnConfig.fromJson(DqnConfig.forEnv("MinAtar/Breakout-v1").toJson()).conv());
    }

    private static Space.Box box(int... shape) {
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] low = new float[size], high = new float[size];
        Arrays.fill(high, 1);
        return new Space.Box(low, high, shape);
    }
}
