package io.sparkrl.training.offpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.ActionBatch;
import org.junit.jupiter.api.Test;

class DqnTargetsTest {
    @Test
    void doubleDqnEvaluatesTheOnlineNetworksChoiceWithTheTargetNetwork() {
        // Two rows, two actions. The target network overrates action 1 of row 0; the online network prefers action 0.
        float[] targetQ = {1, 5, 2, 0}, onlineQ = {3, 2, -1, 4};
        assertEquals(1, DqnAgent.bootstrapValue(targetQ, onlineQ, 0, 2), "double: target's value of online argmax");
        assertEquals(5, DqnAgent.bootstrapValue(targetQ, targetQ, 0, 2), "vanilla: max of the target");
        assertEquals(0, DqnAgent.bootstrapValue(targetQ, onlineQ, 1, 2));
        assertEquals(2, DqnAgent.bootstrapValue(targetQ, targetQ, 1, 2));
    }

    @Test
    void epsilonGreedyReportsTheProbabilityOfTheChosenAction() {
        // A fixed Q-function preferring action 2 of 4; epsilon 0.2: greedy has 0.8 + 0.05, others 0.05.
        QPolicy.QFunction q = new QPolicy.QFunction() {
            @Override public int numActions() { return 4; }

            @Override public float[] values(float[] obs, int n, Rng rng, boolean det) {
                float[] v = new float[n * 4];
                for (int i = 0; i < n; i++) v[i * 4 + 2] = 1;
                return v;
            }
        };
        var out = new ActionBatch(1000, new Space.Discrete(4));
        new QPolicy(q, 0.2).act(new float[1000], 1000, new Rng(3), false, out);
        int greedy = 0;
        for (int i = 0; i < 1000; i++) {
            boolean isGreedy = out.discrete[i] == 2;
            greedy += isGreedy ? 1 : 0;
            assertEquals(Math.log(isGreedy ? 0.85 : 0.05), out.logProb[i], 1e-6);
            assertEquals(1, out.value[i]);
        }
        assertEquals(850, greedy, 40, "about 85% greedy");
        new QPolicy(q, 0.2).act(new float[1000], 1000, new Rng(3), true, out);
        for (int i = 0; i < 1000; i++) assertEquals(2, out.discrete[i], "deterministic play is greedy");
    }
}
