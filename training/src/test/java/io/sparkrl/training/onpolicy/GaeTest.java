package io.sparkrl.training.onpolicy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.sparkrl.rollout.runner.Segment;
import org.junit.jupiter.api.Test;

class GaeTest {
    /**
     * Two env slots, three steps, gamma 0.9, lambda 0.8, worked by hand. Slot 0 terminates at t=0 (no bootstrap)
     * and runs on to the segment end (bootstrap lastValues[0] = 40). Slot 1 is truncated at t=1 (bootstrap with
     * the final observation's value 5, no advantage flows back across it).
     */
    @Test
    void terminatedTruncatedAndSegmentEnd() {
        Segment batch = new Segment(3, 2, 1, true, 1);
        // time-major rows: t*2 + k
        float[] rewards = {1, 1, 2, 1, 3, 1};
        float[] values = {10, 1, 20, 2, 30, 3};
        batch.terminated[0] = true;
        batch.truncated[3] = true;
        float[] bootstrap = {0, 0, 0, 5, 0, 0};
        float[] last = {40, 4};
        float[] advantages = new float[6], returns = new float[6];
        Gae.compute(batch, rewards, values, bootstrap, last, 0.9, 0.8, advantages, returns);

        // slot 0: t2: 3 + .9*40 - 30 = 9; t1: 2 + .9*30 - 20 + .72*9 = 15.48; t0: 1 - 10 = -9
        // slot 1: t2: 1 + .9*4 - 3 = 1.6; t1: 1 + .9*5 - 2 = 3.5; t0: 1 + .9*2 - 1 + .72*3.5 = 4.32
        float[] expected = {-9, 4.32f, 15.48f, 3.5f, 9, 1.6f};
        assertArrayEquals(expected, advantages, 1e-5f);
        float[] expectedReturns = new float[6];
        for (int i = 0; i < 6; i++) expectedReturns[i] = expected[i] + values[i];
        assertArrayEquals(expectedReturns, returns, 1e-5f);
    }

    @Test
    void lambdaOneGivesMonteCarloReturns() {
        Segment batch = new Segment(3, 1, 1, true, 1);
        batch.terminated[2] = true;
        float[] advantages = new float[3], returns = new float[3];
        Gae.compute(batch, new float[] {1, 1, 1}, new float[] {0.3f, -2, 7}, new float[3], new float[] {100},
                0.5, 1.0, advantages, returns);
        assertArrayEquals(new float[] {1.75f, 1.5f, 1}, returns, 1e-6f);
    }
}
