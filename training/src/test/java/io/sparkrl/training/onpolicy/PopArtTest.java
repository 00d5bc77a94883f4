package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.training.PopArt;
import org.junit.jupiter.api.Test;

class PopArtTest {
    @Test
    void statisticsUpdatePreservesUnnormalisedPredictions() {
        ActorCriticNet net = new ActorCriticNet(new ActorCriticSpec(3, true, 2, new int[] {16, 16}), 5);
        PopArt popArt = new PopArt(0.01);
        NetPolicy policy = new NetPolicy(net, popArt);
        Rng rng = new Rng(3);
        float[] obs = new float[10 * 3];
        for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.nextGaussian();
        float[] targets = new float[200];
        for (int i = 0; i < targets.length; i++) targets[i] = (float) (100 + 30 * rng.nextGaussian());

        for (int round = 0; round < 3; round++) {
            float[] before = new float[10], rawBefore = ActorCriticNet.rowMajor(net.forward(obs, 10)[1]);
            policy.values(obs, 10, before);
            double oldMean = popArt.mean(), oldStd = popArt.std();
            popArt.update(targets, net::rescaleValueHead);
            assertTrue(popArt.mean() != oldMean && popArt.std() != oldStd, "statistics must move");

            float[] after = new float[10], rawAfter = ActorCriticNet.rowMajor(net.forward(obs, 10)[1]);
            policy.values(obs, 10, after);
            for (int i = 0; i < 10; i++) {
                assertEquals(before[i], after[i], 1e-5 * Math.max(1, Math.abs(before[i])), "unnormalised value " + i);
                double expectedRaw = (oldStd * rawBefore[i] + oldMean - popArt.mean()) / popArt.std();
                assertEquals(expectedRaw, rawAfter[i], 1e-5 * Math.max(1, Math.abs(expectedRaw)), "normalised value " + i);
            }
        }
    }
}
