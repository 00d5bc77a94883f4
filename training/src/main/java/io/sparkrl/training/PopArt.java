package io.sparkrl.training;

/**
 * Pop-Art (van Hasselt et al. 2016, "Learning values across many orders of magnitude"): the critic (or Q-network)
 * learns normalised targets {@code (G - mean) / std}; when the statistics move, its output layer is rescaled
 * so that its unnormalised predictions {@code std * v + mean} are unchanged ("preserving outputs precisely").
 * The statistics are exponential moving averages of the first and second moments of the targets, with step
 * {@code beta} per target.
 */
public final class PopArt {
    private static final double MIN_VARIANCE = 1e-8;

    private final double beta;
    private double mean;
    private double meanSquare;

    /** Starts at mean 0, std 1. */
    public PopArt(double beta) {
        this.beta = beta;
        this.meanSquare = 1;
    }

    /** How a network maps its outputs {@code v} to {@code scale * v + shift} exactly. */
    @FunctionalInterface
    public interface Rescale {
        void rescaleOutputs(double scale, double shift);
    }

    /** Fixed statistics, for a policy that only acts. */
    public PopArt(double mean, double std) {
        this.beta = 0;
        this.mean = mean;
        this.meanSquare = std * std + mean * mean;
    }

    public double mean() { return mean; }

    public double std() { return Math.sqrt(Math.max(meanSquare - mean * mean, MIN_VARIANCE)); }

    public double normalise(double target) { return (target - mean) / std(); }

    /** Moves the statistics towards those of {@code targets} and rescales the network's outputs to match. */
    public void update(float[] targets, Rescale network) {
        double sum = 0, sumSquares = 0;
        for (float t : targets) {
            sum += t;
            sumSquares += (double) t * t;
        }
        // n per-target EMA steps with the batch mean amount to one step of this size.
        double step = 1 - Math.pow(1 - beta, targets.length);
        double oldMean = mean, oldStd = std();
        mean += step * (sum / targets.length - mean);
        meanSquare += step * (sumSquares / targets.length - meanSquare);
        double newStd = std();
        network.rescaleOutputs(oldStd / newStd, (oldMean - mean) / newStd);
    }

    public double[] state() { return new double[] {mean, meanSquare}; }

    public void restore(double[] state) {
        mean = state[0];
        meanSquare = state[1];
    }
}
