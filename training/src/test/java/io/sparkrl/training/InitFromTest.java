package io.sparkrl.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import io.sparkrl.storage.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --init-from: a new learner takes a saved learner's networks bit for bit, and refuses one that does not fit. */
class InitFromTest {
    @TempDir Path dir;

    private static Agent trained(String algo, String overrides, long seed) {
        Hyperparams hp = Agents.defaults(algo, "CartPole-v1").with(overrides);
        try (VectorEnv env = VectorEnvs.make("CartPole-v1", hp.numEnvs())) {
            Agent agent = Agents.create(algo, env.singleObservationSpace(), env.singleActionSpace(), hp, seed, false);
            SegmentCollector collector = SegmentCollector.start(env, seed, 0, hp.numEnvs(), 0);
            for (int i = 0; i < 3; i++) agent.update(collector.collect(agent.policy(), collector.newSegment(hp.numSteps()), agent.envSteps()));
            return agent;
        }
    }

    @Test void aNewLearnerTakesTheSavedNetworksBitForBit() {
        for (String[] c : new String[][] {{"ppo", "{\"n_envs\": 2, \"n_steps\": 64, \"pop_art\": true}"},
                                          {"dqn", "{\"n_envs\": 2, \"learning_starts\": 64, \"buffer_size\": 1000}"}}) {
            Agent source = trained(c[0], c[1], 1);
            Path checkpoint = dir.resolve(c[0]);
            source.save(checkpoint);
            Agent fresh = trained(c[0], c[1], 2);
            assertFalse(Arrays.equals(source.params(), fresh.params()), "different seeds start apart");
            fresh.initFrom(Agents.loadForActing(checkpoint));
            assertArrayEquals(source.params(), fresh.params(), c[0]);
        }
    }

    @Test void aLearnerOfAnotherShapeOrFamilyIsRefused() {
        Agent ppo = trained("ppo", "{\"n_envs\": 2, \"n_steps\": 64}", 1);
        Agent wider = trained("ppo", "{\"n_envs\": 2, \"n_steps\": 64, \"hidden\": [32]}", 1);
        Agent dqn = trained("dqn", "{\"n_envs\": 2, \"learning_starts\": 64, \"buffer_size\": 1000}", 1);
        assertThrows(BadInputException.class, () -> ppo.initFrom(wider));
        assertThrows(BadInputException.class, () -> ppo.initFrom(dqn));
        assertThrows(BadInputException.class, () -> dqn.initFrom(ppo));
    }
}
