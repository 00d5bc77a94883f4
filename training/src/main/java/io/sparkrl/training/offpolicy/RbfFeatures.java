package io.sparkrl.training.offpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import java.io.Serializable;

/**
 * Random Fourier features approximating Gaussian (RBF) kernels of standardised observations, as scikit-learn's
 * {@code StandardScaler} then a union of {@code RBFSampler}s: for each kernel width {@code gamma}, {@code m}
 * features {@code sqrt(2/m) cos(w . x + b)} with {@code w ~ N(0, 2 gamma I)} and {@code b ~ U(0, 2 pi)}.
 * Standardisation uses the observation space's bounds where they are finite (the mean and standard deviation of a
 * uniform draw, as fitting the scaler to {@code observation_space.sample()}), else statistics fitted to observed data.
 */
public final class RbfFeatures implements Serializable {
    private final int obsSize, size;
    private final double[] mean, std;
    /** {@code size} rows of {@code obsSize} projection weights. */
    private final double[] weights;
    private final double[] offsets;
    private final double[] scales;
    private boolean fitted;

    public RbfFeatures(Space.Box observationSpace, double[] gammas, int componentsPerGamma, long seed) {
        obsSize = observationSpace.flatSize();
        size = gammas.length * componentsPerGamma;
        mean = new double[obsSize];
        std = new double[obsSize];
        fitted = true;
        for (int j = 0; j < obsSize; j++) {
            double lo = observationSpace.low()[j], hi = observationSpace.high()[j];
            if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
                mean[j] = (lo + hi) / 2;
                std[j] = (hi - lo) / Math.sqrt(12);
            } else {
                std[j] = 1;   // until fitted to data
                fitted = false;
            }
        }
        Rng rng = new Rng(seed);
        weights = new double[size * obsSize];
        offsets = new double[size];
        scales = new double[size];
        for (int g = 0, f = 0; g < gammas.length; g++) {
            for (int c = 0; c < componentsPerGamma; c++, f++) {
                for (int j = 0; j < obsSize; j++) weights[f * obsSize + j] = Math.sqrt(2 * gammas[g]) * rng.nextGaussian();
                offsets[f] = rng.uniform(0, 2 * Math.PI);
                scales[f] = Math.sqrt(2.0 / componentsPerGamma);
            }
        }
    }

    public int size() { return size; }

    /** Whether the standardisation is known; if not, {@link #fit} must see data first. */
    public boolean fitted() { return fitted; }

    /** Standardises with the mean and standard deviation of the {@code n} observations in {@code obs}. */
    public void fit(float[] obs, int n) {
        for (int j = 0; j < obsSize; j++) {
            double sum = 0, sumSquares = 0;
            for (int i = 0; i < n; i++) {
                double x = obs[i * obsSize + j];
                sum += x;
                sumSquares += x * x;
            }
            mean[j] = sum / n;
            std[j] = Math.sqrt(Math.max(sumSquares / n - mean[j] * mean[j], 0)) + 1e-8;
        }
        fitted = true;
    }

    /** The features of observation {@code row} of {@code obs}, into {@code out} ({@link #size()} values). */
    public void transform(float[] obs, int row, double[] out) {
        int base = row * obsSize;
        for (int f = 0; f < size; f++) {
            double dot = offsets[f];
            for (int j = 0; j < obsSize; j++) dot += weights[f * obsSize + j] * (obs[base + j] - mean[j]) / std[j];
            out[f] = scales[f] * Math.cos(dot);
        }
    }

    double[] standardisation() {
        double[] state = new double[2 * obsSize + 1];
        System.arraycopy(mean, 0, state, 0, obsSize);
        System.arraycopy(std, 0, state, obsSize, obsSize);
        state[2 * obsSize] = fitted ? 1 : 0;
        return state;
    }

    void restoreStandardisation(double[] state) {
        System.arraycopy(state, 0, mean, 0, obsSize);
        System.arraycopy(state, obsSize, std, 0, obsSize);
        fitted = state[2 * obsSize] != 0;
    }
}
