package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.runner.Segment;
import java.util.Map;

/**
 * REINFORCE (Williams 1992): the policy gradient {@code -logp * G - entCoef * H} with Monte-Carlo returns G
 * (GAE with lambda 1), one gradient step per segment. With {@code baseline} the critic's value is subtracted
 * ({@code G - V}, variance reduction); either way the critic is fitted, because it values what the segment
 * cannot see: episodes cut by a time limit or by the segment's end are bootstrapped with it.
 */
public final class Reinforce extends OnPolicyAgent {

    Reinforce(ActorCriticSpec spec, OnPolicyConfig config, long seed) { super(spec, config, seed); }

    @Override public String algo() { return "reinforce"; }

    @Override
    public Map<String, Double> update(Segment batch) {
        double lr = learningRate();

        // Lambda 1: advantages are G - V, returns are G.
        Targets targets = targets(batch, 1.0);
        float[] weights = config.baseline() ? targets.advantages() : targets.returns();
        float[][] value = valueTargets(batch, targets.returns());

        configureLosses(Double.NaN, Double.NaN);

        Metrics metrics = new Metrics();
        int n = batch.size();
        metrics.addStep(gradientStep(batch, shuffledRows(n), 0, n, weights, value[0], value[1], lr));
        fitQueued(metrics, lr);

        envSteps += n;
        updates++;
        return metrics.finish(batch, targets.returns(), lr);
    }
}
