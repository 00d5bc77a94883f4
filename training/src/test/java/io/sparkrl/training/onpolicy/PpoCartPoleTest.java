package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one learning test: rl-zoo's PPO hyper-parameters on CartPole-v1 learn within 20k env steps. */
class PpoCartPoleTest {
    @Test
    void reachesMeanReturn150Within20kSteps() {
        OnPolicyConfig config = OnPolicyConfig.forEnv("ppo", "CartPole-v1");
        LocalTrainer.Result result = LocalTrainer.train("CartPole-v1", "ppo", config, 1, 20_000, line -> {});
        double mean = result.meanReturnOfLast(20);
        assertTrue(mean >= 150, "mean return of the last 20 episodes after " + result.agent().envSteps()
                + " steps: " + mean);
    }
}
