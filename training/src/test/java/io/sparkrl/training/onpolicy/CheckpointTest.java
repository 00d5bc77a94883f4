package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Agents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save/load round trips, corrupt files, and same-seed determinism of the learners. */
class CheckpointTest {
    /** Small PPO with every piece of state in use: Pop-Art, reward scaling, several minibatches. */
    private static final String SMALL = """
            {"n_envs": 4, "n_steps": 16, "n_epochs": 2, "batch_size": 32, "hidden": [16, 16],
             "pop_art": true, "normalize_reward": true}""";

    @TempDir Path dir;

    private static Segment[] rollouts(String envId, OnPolicyAgent agent, int count) {
        try (VectorEnv env = VectorEnvs.make(envId, agent.config().numEnvs())) {
            SegmentCollector collector = SegmentCollector.start(env, 11, 0, env.numEnvs(), 0);
            Segment[] batches = new Segment[count];
            for (int i = 0; i < count; i++)
                batches[i] = collector.collect(agent.policy(), collector.newSegment(agent.config().numSteps()), 0);
            return batches;
        }
    }

    private static OnPolicyAgent agent(String algo, String envId, long seed) {
        var env = VectorEnvs.make(envId, 1);
        return OnPolicyAgent.create(algo, env.singleObservationSpace(), env.singleActionSpace(),
                OnPolicyConfig.forEnv(algo, envId).with(SMALL), seed);
    }

    @Test
    void resumedLearnerMatchesUninterruptedOneBitForBit() throws IOException {
        // MinAtar: image observations through the shared convolutional torso.
        for (String[] run : new String[][] {{"ppo", "CartPole-v1"}, {"a2c", "Pendulum-v1"}, {"ppo", "MinAtar/Breakout-v1"}}) {
            OnPolicyAgent original = agent(run[0], run[1], 42);
            Segment[] batches = rollouts(run[1], original, 3);
            original.update(batches[0]);
            Path checkpoint = dir.resolve(run[0] + "-" + run[1].replace('/', '-'));
            original.save(checkpoint);
            OnPolicyAgent resumed = (OnPolicyAgent) Agents.load(checkpoint);

            assertEquals(original.algo(), resumed.algo());
            assertEquals(original.envSteps(), resumed.envSteps());
            assertArrayEquals(original.params(), resumed.params());
            for (int i = 1; i < 3; i++) {
                assertEquals(original.update(batches[i]), resumed.update(batches[i]));
                assertArrayEquals(original.params(), resumed.params(), run[0] + " after update " + i);
            }
            try (var files = Files.list(checkpoint)) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file left behind");
            }
        }
    }

    @Test
    void sameSeedSameParameters() {
        OnPolicyAgent a = agent("ppo", "CartPole-v1", 3), b = agent("ppo", "CartPole-v1", 3);
        assertArrayEquals(a.params(), b.params());
        Segment[] batchesA = rollouts("CartPole-v1", a, 1), batchesB = rollouts("CartPole-v1", b, 1);
        a.update(batchesA[0]);
        b.update(batchesB[0]);
        assertArrayEquals(a.params(), b.params());
        assertFalse(Arrays.equals(a.params(), agent("ppo", "CartPole-v1", 4).params()), "the seed matters");
    }

    @Test
    void truncatedOrCorruptFileIsOneLineBadInput() throws IOException {
        OnPolicyAgent agent = agent("reinforce", "CartPole-v1", 1);
        agent.save(dir);
        Path file = dir.resolve(Agents.AGENT_FILE);
        byte[] content = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(content, content.length / 2));
        assertOneLineNaming(file, assertThrows(BadInputException.class, () -> Agents.load(dir)));

        content[content.length / 3] ^= 0x10;
        Files.write(file, content);
        assertOneLineNaming(file, assertThrows(BadInputException.class, () -> Agents.load(dir)));

        Files.write(file, new byte[0]);
        assertOneLineNaming(file, assertThrows(BadInputException.class, () -> Agents.load(dir)));
    }

    private static void assertOneLineNaming(Path file, BadInputException e) {
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
