package io.sparkrl.rollout.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.bots.Bots;
import org.junit.jupiter.api.Test;

class BotsTest {

    private static double meanReturn(String envId, Policy policy, int seeds) {
        double sum = 0;
        for (int s = 0; s < seeds; s++) sum += Episodes.run(envId, policy, s).totalReward();
        return sum / seeds;
    }

    @Test
    void cartPoleBotBalancesForTheWholeEpisode() {
        assertTrue(meanReturn("CartPole-v1", Bots.forEnv("CartPole-v1"), 5) >= 475);
    }

    @Test
    void randomCartPoleFallsQuickly() {
        Policy random = new RandomPolicy(EnvRegistry.make("CartPole-v1").actionSpace());
        assertTrue(meanReturn("CartPole-v1", random, 5) < 60);
    }

    @Test
    void mountainCarBotsReachTheGoal() {
        for (int s = 0; s < 5; s++) {
            Episodes mc = Episodes.run("MountainCar-v0", Bots.forEnv("MountainCar-v0"), s);
            assertTrue(mc.terminated() && mc.length() < 200, "seed " + s + ": " + mc);
            Episodes mcc = Episodes.run("MountainCarContinuous-v0", Bots.forEnv("MountainCarContinuous-v0"), s);
            assertTrue(mcc.terminated() && mcc.totalReward() > 85, "seed " + s + ": " + mcc);
        }
    }

    @Test
    void acrobotBotSwingsUp() {
        for (int s = 0; s < 5; s++) {
            Episodes e = Episodes.run("Acrobot-v1", Bots.forEnv("Acrobot-v1"), s);
            assertTrue(e.terminated() && e.totalReward() > -150, "seed " + s + ": " + e);
        }
    }

    @Test
    void pendulumBotSwingsUpAndBalances() {
        // Random torques score about -1200; swinging up and holding the pendulum up scores well above -300.
        assertTrue(meanReturn("Pendulum-v1", Bots.forEnv("Pendulum-v1"), 5) > -300);
    }

    @Test
    void randomPolicyStaysInsideTheBox() {
        Space.Box box = (Space.Box) EnvRegistry.make("Pendulum-v1").actionSpace();
        RandomPolicy random = new RandomPolicy(box);
        float[] action = new float[1];
        var rng = new io.sparkrl.rollout.env.Rng(3);
        for (int i = 0; i < 1000; i++) {
            random.actContinuous(new float[3], 0, rng, action, 0);
            assertTrue(action[0] >= -2f && action[0] <= 2f);
        }
    }

    @Test
    void unknownEnvHasNoBot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bots.forEnv("Pong-v5"));
        assertTrue(e.getMessage().contains("Pong-v5") && e.getMessage().contains("CartPole-v1"), e.getMessage());
        assertEquals("random", new RandomPolicy(new Space.Discrete(2)).name());
    }
}
