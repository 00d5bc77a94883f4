package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.storage.BadInputException;
import org.junit.jupiter.api.Test;

/** The actor-critic network on image observations (MinAtar's [C, 10, 10]). */
class ImageTorsoTest {
    private static final Env<float[]> BREAKOUT = EnvRegistry.make("MinAtar/Breakout-v1");

    @Test
    void minAtarGetsASharedConvolutionBeforeBothTowers() {
        OnPolicyAgent agent = OnPolicyAgent.create("ppo", BREAKOUT.observationSpace(), BREAKOUT.actionSpace(),
                OnPolicyConfig.forEnv("ppo", "MinAtar/Breakout-v1"), 1);
        ActorCriticSpec spec = agent.spec();
        assertArrayEquals(new int[] {4, 10, 10}, spec.imageShape());
        assertArrayEquals(new int[][] {{16, 3, 1}}, spec.conv());
        // One shared 16x(4x3x3) convolution, then per tower 1024 -> 128 and the heads (3 logits, 1 value).
        long expected = 16 * 36 + 16 + 2L * (1024 * 128 + 128) + 128 * 3 + 3 + 128 + 1;
        assertEquals(expected, agent.params().length);
    }

    @Test
    void anMlpOnPixelsIsRefusedInOneLine() {
        for (String algo : new String[] {"ppo", "a2c", "reinforce"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> OnPolicyAgent.create(algo,
                    BREAKOUT.observationSpace(), BREAKOUT.actionSpace(),
                    OnPolicyConfig.forEnv(algo, "MinAtar/Breakout-v1").with("{\"conv\":[]}"), 1));
            assertTrue(e.getMessage().contains("images [4, 10, 10]") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
