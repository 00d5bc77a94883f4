package io.sparkrl.training.offpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Space;
import io.sparkrl.training.Agents;
import org.junit.jupiter.api.Test;

/**
 * Offline DQN and CQL on a one-step bandit whose data only ever takes action 0 (reward 1): both learn Q(s, 0) = 1;
 * only CQL also pushes down Q(s, 1), the action the data never shows, which plain offline DQN leaves wherever its
 * initialisation put it.
 */
class OfflineDqnTest {
    private static final Space OBS = Space.Box.uniform(-1, 1, 2);

    private static float[] q(double cqlAlpha) {
        DqnConfig config = DqnConfig.forEnv("CartPole-v1").with("{\"hidden\": [16], \"target_update_interval\": 10}");
        DqnAgent agent = (DqnAgent) Agents.create("dqn", OBS, new Space.Discrete(2), config, 3, false);
        int n = 32;
        float[] obs = new float[n * 2], next = new float[n * 2], rewards = new float[n];
        int[] actions = new int[n];
        boolean[] terminated = new boolean[n];
        for (int i = 0; i < n; i++) {
            obs[2 * i] = 0.5f;
            obs[2 * i + 1] = -0.25f;
            rewards[i] = 1;
            terminated[i] = true;
        }
        for (int step = 0; step < 400; step++) agent.offlineStep(obs, actions, rewards, next, terminated, n, cqlAlpha, 1e-2);
        return new QSnapshot.NetworkQ(agent.online, 0, 1).values(new float[] {0.5f, -0.25f}, 1, null, true);
    }

    @Test void cqlPushesDownTheActionTheDataNeverTook() {
        float[] dqn = q(0), cql = q(1);
        assertEquals(1, dqn[0], 0.05, "offline DQN fits the taken action's return");
        assertEquals(1, cql[0], 0.35, "CQL fits it too, a little below (its penalty pulls the taken action down as well)");
        assertTrue(cql[1] < cql[0] - 1, "CQL: Q(s, unseen) well below Q(s, taken): " + cql[0] + ", " + cql[1]);
        assertTrue(cql[1] < dqn[1] - 1, "CQL's unseen action below plain DQN's: " + cql[1] + " vs " + dqn[1]);
    }
}
