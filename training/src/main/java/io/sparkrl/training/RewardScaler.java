package io.sparkrl.training;

import io.sparkrl.rollout.runner.Segment;

/**
 * Divides rewards by the running standard deviation of the discounted return, as SB3's
 * {@code VecNormalize(norm_reward=True)} (without its clipping): each env slot keeps its own discounted return,
 * reset at episode ends; the statistics of those returns across slots and steps scale the rewards. Env slot
 * {@code k} of every batch must be the same env stream.
 */
public final class RewardScaler {
    private static final double EPS = 1e-8;

    private final double gamma;
    private double[] returns;
    private double count = 1e-4, mean, variance = 1;

    public RewardScaler(double gamma) { this.gamma = gamma; }

    /** The batch's rewards scaled, time-major; updates the statistics step by step as they arrive. */
    public float[] scale(Segment batch) {
        int envs = batch.numEnvs;
        if (returns == null) returns = new double[envs];
        if (returns.length != envs)
            throw new IllegalArgumentException("reward scaling saw " + returns.length + " env slots, now " + envs);
        float[] scaled = new float[batch.size()];
        for (int t = 0; t < batch.numSteps; t++) {
            int row = t * envs;
            double stepSum = 0, stepSumSquares = 0;
            for (int k = 0; k < envs; k++) {
                returns[k] = returns[k] * gamma + batch.rewards[row + k];
                stepSum += returns[k];
                stepSumSquares += returns[k] * returns[k];
            }
            mergeStatistics(stepSum / envs, Math.max(stepSumSquares / envs - square(stepSum / envs), 0), envs);
            double std = std();
            for (int k = 0; k < envs; k++) {
                scaled[row + k] = (float) (batch.rewards[row + k] / std);
                if (batch.terminated[row + k] || batch.truncated[row + k]) returns[k] = 0;
            }
        }
        return scaled;
    }

    /** The current divisor of rewards: the running standard deviation of the discounted return. */
    public double std() { return Math.sqrt(variance + EPS); }

    /** Chan et al.'s parallel update of mean and variance, as SB3's RunningMeanStd. */
    private void mergeStatistics(double batchMean, double batchVariance, int batchCount) {
        double delta = batchMean - mean, total = count + batchCount;
        mean += delta * batchCount / total;
        variance = (variance * count + batchVariance * batchCount + delta * delta * count * batchCount / total) / total;
        count = total;
    }

    private static double square(double x) { return x * x; }

    public double[] state() {
        double[] state = new double[3 + (returns == null ? 0 : returns.length)];
        state[0] = count;
        state[1] = mean;
        state[2] = variance;
        if (returns != null) System.arraycopy(returns, 0, state, 3, returns.length);
        return state;
    }

    public void restore(double[] state) {
        count = state[0];
        mean = state[1];
        variance = state[2];
        returns = state.length > 3 ? java.util.Arrays.copyOfRange(state, 3, state.length) : null;
    }
}
