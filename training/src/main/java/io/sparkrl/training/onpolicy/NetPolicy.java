package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.ActionBatch;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.training.PopArt;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Acts with an {@link ActorCriticNet}: one network call per batch of observations, then sampling in Java with
 * the caller's {@link Rng}. Values come out in return units: when Pop-Art is on, the value head's normalised
 * output is mapped back with its statistics.
 */
public final class NetPolicy implements BatchPolicy {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final ActorCriticNet net;
    /** Null when values are not normalised. */
    private final PopArt popArt;

    public NetPolicy(ActorCriticNet net, PopArt popArt) {
        this.net = net;
        this.popArt = popArt;
    }

    ActorCriticNet net() { return net; }

    @Override
    public void act(float[] obs, int n, Rng rng, boolean deterministic, ActionBatch out) {
        INDArray[] heads = net.forward(obs, n);
        float[] policy = ActorCriticNet.rowMajor(heads[0]);
        float[] values = ActorCriticNet.rowMajor(heads[1]);
        ActorCriticSpec spec = net.spec();
        int width = spec.policyOutputWidth(), dim = spec.actionDim();
        for (int i = 0; i < n; i++) {
            int off = i * width;
            out.logProb[i] = (float) (spec.discrete()
                    ? sampleCategorical(policy, off, dim, rng, deterministic, out.discrete, i)
                    : sampleGaussian(policy, off, dim, rng, deterministic, out.continuous, i * dim));
            out.value[i] = unnormalise(values[i]);
        }
    }

    /** Writes the action into {@code actions[slot]} and returns its log-probability. */
    private static double sampleCategorical(float[] logits, int off, int n, Rng rng, boolean deterministic,
                                            int[] actions, int slot) {
        double max = Double.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int j = 0; j < n; j++) if (logits[off + j] > max) { max = logits[off + j]; argmax = j; }
        double sumExp = 0;
        for (int j = 0; j < n; j++) sumExp += Math.exp(logits[off + j] - max);
        int action = argmax;
        if (!deterministic) {
            double u = rng.nextDouble() * sumExp, cumulative = 0;
            action = n - 1;
            for (int j = 0; j < n; j++) {
                cumulative += Math.exp(logits[off + j] - max);
                if (u < cumulative) { action = j; break; }
            }
        }
        actions[slot] = action;
        return logits[off + action] - max - Math.log(sumExp);
    }

    /** Writes the action into {@code actions[actOff .. actOff+dim)} and returns its log-probability. */
    private static double sampleGaussian(float[] meanLogStd, int off, int dim, Rng rng, boolean deterministic,
                                         float[] actions, int actOff) {
        double logp = 0;
        for (int j = 0; j < dim; j++) {
            double mean = meanLogStd[off + j], logStd = meanLogStd[off + dim + j];
            float action = (float) (deterministic ? mean : mean + Math.exp(logStd) * rng.nextGaussian());
            actions[actOff + j] = action;
            double z = (action - mean) * Math.exp(-logStd);
            logp += -0.5 * z * z - logStd - HALF_LOG_2PI;
        }
        return logp;
    }

    @Override
    public void values(float[] obs, int n, float[] out) {
        float[] values = ActorCriticNet.rowMajor(net.forward(obs, n)[1]);
        for (int i = 0; i < n; i++) out[i] = unnormalise(values[i]);
    }

    private float unnormalise(float v) { return popArt == null ? v : (float) (popArt.std() * v + popArt.mean()); }
}
