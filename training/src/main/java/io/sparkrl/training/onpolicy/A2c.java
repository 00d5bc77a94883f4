package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.runner.Segment;
import java.util.Map;

/**
 * Advantage actor-critic, synchronous (A2C, Mnih et al. 2016), as SB3's: n-step (GAE, lambda 1 by default)
 * advantages from a short rollout of many envs, one gradient step on the whole batch of
 * {@code -logp * A - entCoef * H + vfCoef * (V - R)^2}, global gradient-norm clipping; RMSprop by default.
 */
public final class A2c extends OnPolicyAgent {

    A2c(ActorCriticSpec spec, OnPolicyConfig config, long seed) { super(spec, config, seed); }

    @Override public String algo() { return "a2c"; }

    @Override
    public Map<String, Double> update(Segment batch) {
        double lr = learningRate();

        Targets targets = targets(batch, config.gaeLambda());
        float[][] value = valueTargets(batch, targets.returns());

        // The vanilla policy gradient: no ratio clipping, no value clipping.
        configureLosses(Double.NaN, Double.NaN);

        Metrics metrics = new Metrics();
        int n = batch.size();
        metrics.addStep(gradientStep(batch, shuffledRows(n), 0, n, targets.advantages(), value[0], value[1], lr));
        fitQueued(metrics, lr);

        envSteps += n;
        updates++;
        return metrics.finish(batch, targets.returns(), lr);
    }
}
