package io.sparkrl.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * Global-norm gradient clipping followed by DL4J's Adam or RMSprop over one flat parameter vector. DL4J's
 * {@code GradientNormalization} clips per layer; SB3 and CleanRL clip the norm of the whole gradient, as here.
 * Its state (moment estimates and step count) is plain arrays, for checkpoints.
 */
public final class Optimizer {
    private final IUpdater config;
    private final INDArray state;
    private final GradientUpdater<?> updater;
    private int steps;

    /** {@code kind} is "adam" or "rmsprop"; {@code eps} is the denominator's epsilon (1e-5 as SB3's PPO and A2C). */
    public Optimizer(String kind, double eps, long numParams) {
        config = switch (kind) {
            case "adam" -> new Adam(1e-3, 0.9, 0.999, eps);
            case "rmsprop" -> new RmsProp(1e-3, 0.99, eps);
            default -> throw new IllegalArgumentException("unknown optimizer '" + kind + "': use adam or rmsprop");
        };
        state = Nd4j.zeros(DataType.FLOAT, 1, config.stateSize(numParams));
        updater = config.instantiate(state, true);
    }

    /**
     * Clips {@code grad} (overwritten) to global L2 norm {@code maxGradNorm} (none if infinite), takes one step on
     * {@code params} in place with learning rate {@code lr}, and returns the gradient's norm before clipping.
     */
    public double step(INDArray params, INDArray grad, double lr, double maxGradNorm) {
        double norm = grad.norm2Number().doubleValue();
        if (norm > maxGradNorm) grad.muli(maxGradNorm / (norm + 1e-6));
        config.setLrAndSchedule(lr, null);
        updater.applyUpdater(grad, steps++, 0);
        params.subi(grad.reshape(params.shape()));
        return norm;
    }

    public int steps() { return steps; }

    /** DL4J's configuration of this optimizer (for fitting through DL4J's own updater elsewhere). */
    public IUpdater updaterConfig() { return config.clone(); }

    public float[] state() { return state.toFloatVector(); }

    public void restore(float[] values, int steps) {
        if (values.length != state.length())
            throw new IllegalArgumentException("optimizer state has " + state.length() + " values, got " + values.length);
        state.assign(Nd4j.create(values, state.shape()));
        this.steps = steps;
    }
}
