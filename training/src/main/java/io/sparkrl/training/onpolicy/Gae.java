package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.runner.Segment;

/**
 * Generalised advantage estimation (Schulman et al. 2016) over a time-major batch. An episode that
 * terminated contributes no future value; one truncated by a time limit is bootstrapped with the value of its
 * final observation; the segment's unfinished end with {@code lastValues}. Advantages never flow across an
 * episode boundary. With {@code lambda = 1} the returns are Monte-Carlo returns (bootstrapped only where cut).
 */
public final class Gae {
    private Gae() {}

    /**
     * Fills {@code advantages} and {@code returns} (= advantages + values) for {@code batch}, using
     * {@code rewards} (the batch's, possibly scaled) and {@code values}, {@code bootstrapValues},
     * {@code lastValues} in the same units.
     */
    public static void compute(Segment batch, float[] rewards, float[] values, float[] bootstrapValues,
                               float[] lastValues, double gamma, double lambda, float[] advantages, float[] returns) {
        int envs = batch.numEnvs;
        for (int k = 0; k < envs; k++) {
            double nextAdvantage = 0;
            for (int t = batch.numSteps - 1; t >= 0; t--) {
                int row = t * envs + k;
                double nextValue;
                boolean episodeContinues = false;
                if (batch.terminated[row]) nextValue = 0;
                else if (batch.truncated[row]) nextValue = bootstrapValues[row];
                else {
                    nextValue = t == batch.numSteps - 1 ? lastValues[k] : values[row + envs];
                    episodeContinues = true;
                }
                double delta = rewards[row] + gamma * nextValue - values[row];
                nextAdvantage = delta + (episodeContinues ? gamma * lambda * nextAdvantage : 0);
                advantages[row] = (float) nextAdvantage;
                returns[row] = (float) (nextAdvantage + values[row]);
            }
        }
    }
}
