package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Agents;
import io.sparkrl.training.LocalTrainer;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/** A user's own DL4J layers (the {@code network} hyper-parameter) in place of the built-in towers. */
class CustomTorsoTest {
    /** One shared ReLU layer of 32 units that both heads read. */
    public static final class SharedRelu implements ActorCriticTorso {
        @Override public Trunks build(ComputationGraphConfiguration.GraphBuilder graph, String input, ActorCriticSpec spec) {
            graph.addLayer("shared", new DenseLayer.Builder().nIn(spec.obsSize()).nOut(32).activation(Activation.RELU).build(), input);
            return new Trunks("shared", 32, "shared", 32);
        }
    }

    private static final String NETWORK = "{\"network\": \"" + SharedRelu.class.getName() + "\"}";

    @TempDir Path dir;

    @Test void theUsersLayersFeedSparkrlsHeadsAndSurviveACheckpoint() {
        OnPolicyConfig config = OnPolicyConfig.forEnv("ppo", "CartPole-v1").with(NETWORK).with("{\"n_envs\": 2, \"n_steps\": 32}");
        try (VectorEnv env = VectorEnvs.make("CartPole-v1", 2)) {
            OnPolicyAgent agent = OnPolicyAgent.create("ppo", env.singleObservationSpace(), env.singleActionSpace(), config, 3);
            // shared 4x32 + 32, policy head 32x2 + 2, value head 32 + 1: nothing of the built-in 64x64 towers.
            assertEquals(4 * 32 + 32 + 32 * 2 + 2 + 32 + 1, agent.params().length);
            assertTrue(agent.describe().contains("network=" + SharedRelu.class.getName()), agent.describe());
            SegmentCollector collector = SegmentCollector.start(env, 1, 0, 2, 0);
            Segment batch = collector.newSegment(32);
            for (int i = 0; i < 3; i++) agent.update(collector.collect(agent.policy(), batch, agent.envSteps()));
            agent.save(dir);
            OnPolicyAgent loaded = (OnPolicyAgent) Agents.load(dir);
            assertArrayEquals(agent.params(), loaded.params());
            assertEquals(agent.net.spec(), loaded.net.spec());
        }
    }

    @Test void itLearnsCartPole() {
        // Seeded, so deterministic; random play averages about 22, this run reaches 120.
        OnPolicyConfig config = OnPolicyConfig.forEnv("ppo", "CartPole-v1").with(NETWORK).with("{\"n_envs\": 4, \"n_steps\": 256}");
        LocalTrainer.Result r = LocalTrainer.train("CartPole-v1", "ppo", config, 7, 30_000, line -> {});
        assertTrue(r.meanReturnOfLast(20) > 100, "mean of the last 20 episodes: " + r.meanReturnOfLast(20));
    }

    @Test void anUnusableClassIsAOneLineError() {
        for (String[] c : new String[][] {
                {"com.example.Missing", "is not on the classpath"},
                {"java.lang.String", "does not implement"},
                {Unconstructible.class.getName(), "public no-argument constructor"}}) {
            BadInputException e = assertThrows(BadInputException.class, () -> ActorCriticTorso.forName(c[0]));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    public static final class Unconstructible implements ActorCriticTorso {
        public Unconstructible(int unused) {}

        @Override public Trunks build(ComputationGraphConfiguration.GraphBuilder graph, String input, ActorCriticSpec spec) {
            throw new UnsupportedOperationException();
        }
    }
}
