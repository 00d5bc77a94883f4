package io.sparkrl.training.offpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.training.Agents;
import io.sparkrl.training.Hyperparams;
import io.sparkrl.training.LocalTrainer;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DQN's learned values against the known optimal ones on a chain MDP. States 0..4 (one-hot), start at 0; action 1
 * moves right, action 0 left (staying at 0); entering state 4 pays 1 and terminates; episodes are truncated after
 * 12 steps. With gamma 0.9: {@code Q*(s, right) = 0.9^(3-s)} and {@code Q*(s, left) = 0.9 V*(max(s-1, 0))}.
 *
 * <p>The behaviour policy is uniformly random throughout (epsilon 1), so only a correct off-policy target reaches
 * Q*: a random walk from 0 is often truncated before reaching 4, and treating truncation as termination pulls the
 * values of early states towards 0 (measured: Q(0, left) 0.49 instead of 0.66); a wrong discount, a wrong action's
 * value or a bootstrap from the wrong network or observation shows up the same way. Measured: every value within
 * 1e-6 of Q*, plain and Double DQN. The image variant runs the same chain through a convolutional torso.
 */
class DqnChainTest {
    private static final String ID = "Chain5-v0", IMAGE_ID = "Chain5Image-v0";
    private static final int STATES = 5;
    private static final double GAMMA = 0.9;

    @BeforeAll
    static void registerChains() {
        EnvRegistry.register(ID, new EnvSpec(ID, 12, Double.NaN), () -> new Chain(false));
        EnvRegistry.register(IMAGE_ID, new EnvSpec(IMAGE_ID, 12, Double.NaN), () -> new Chain(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "double", "image"})
    void learnsTheOptimalActionValuesFromRandomBehaviour(String variant) {
        boolean image = variant.equals("image");
        String id = image ? IMAGE_ID : ID;
        Hyperparams config = Agents.defaults("dqn", id).with("{\"n_timesteps\":6000,\"gamma\":" + GAMMA
                + ",\"hidden\":[32],\"conv\":[[4,3,1]],\"learning_rate\":0.002,\"batch_size\":32,\"buffer_size\":6000,"
                + "\"learning_starts\":200,\"train_freq\":4,\"gradient_steps\":4,\"target_update_interval\":200,"
                + "\"exploration_initial_eps\":1,\"exploration_final_eps\":1,\"double_q\":" + variant.equals("double") + "}");
        DqnAgent agent = (DqnAgent) LocalTrainer.train(id, "dqn", config, 3, 6000, line -> {}).agent();
        assertEquals(image ? 1 : 0, agent.online.spec().conv().length);

        int obsSize = Chain.observation(0, image).length;
        float[] states = new float[4 * obsSize];
        for (int s = 0; s < 4; s++) System.arraycopy(Chain.observation(s, image), 0, states, s * obsSize, obsSize);
        float[] q = QNetwork.scoped(() -> QNetwork.rowMajor(agent.online.forward(Nd4j.create(states, new long[] {4, obsSize}, 'c'))));
        for (int s = 0; s < 4; s++) {
            double right = Math.pow(GAMMA, 3 - s), left = GAMMA * Math.pow(GAMMA, 3 - Math.max(s - 1, 0));
            assertEquals(left, q[2 * s], 0.02, "Q(" + s + ", left)");
            assertEquals(right, q[2 * s + 1], 0.02, "Q(" + s + ", right)");
        }
    }

    /**
     * The chain: a one-hot vector of the position, or (image) a 1x3x5 image whose middle row is that vector, so a
     * 3x3 convolution sees it.
     */
    static final class Chain implements Env<float[]> {
        private final boolean image;
        private int position;

        Chain(boolean image) { this.image = image; }

        static float[] observation(int position, boolean image) {
            float[] obs = new float[image ? 3 * STATES : STATES];
            obs[(image ? STATES : 0) + position] = 1;
            return obs;
        }

        @Override public EnvSpec spec() { return EnvRegistry.spec(image ? IMAGE_ID : ID); }

        @Override public Space observationSpace() {
            Space.Box flat = Space.Box.uniform(0, 1, image ? 3 * STATES : STATES);
            return image ? new Space.Box(flat.low(), flat.high(), new int[] {1, 3, STATES}) : flat;
        }

        @Override public Space actionSpace() { return new Space.Discrete(2); }

        @Override public ResetResult<float[]> reset(long seed) { return reset(); }

        @Override public ResetResult<float[]> reset() {
            position = 0;
            return new ResetResult<>(observation(position, image), Map.of());
        }

        @Override public StepResult<float[]> step(int action) {
            position = action == 1 ? position + 1 : Math.max(0, position - 1);
            boolean goal = position == STATES - 1;
            return new StepResult<>(observation(position, image), goal ? 1 : 0, goal, false, Map.of());
        }
    }
}
