package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.training.Schedules;
import java.util.Map;

/**
 * Proximal Policy Optimization (Schulman et al. 2017), clipped surrogate, as SB3's and CleanRL's PPO: GAE
 * advantages, several epochs of shuffled minibatches, advantages normalised per minibatch, optional value
 * clipping, entropy bonus, global gradient-norm clipping, linear schedules for the learning rate and clip range.
 */
public final class Ppo extends OnPolicyAgent {

    Ppo(ActorCriticSpec spec, OnPolicyConfig config, long seed) { super(spec, config, seed); }

    @Override public String algo() { return "ppo"; }

    @Override protected int minibatchRows() { return config.minibatchSize(); }

    @Override
    public Map<String, Double> update(Segment batch) {
        double lr = learningRate();
        double clipRange = Schedules.scheduled(config.clipRange(), config.clipRangeSchedule(), progressRemaining());

        // Advantages and returns from the rollout's values (GAE); Pop-Art moves its statistics here, once.
        Targets targets = targets(batch, config.gaeLambda());
        float[][] value = valueTargets(batch, targets.returns());

        configureLosses(clipRange, config.clipRangeVf() == null ? Double.NaN : config.clipRangeVf());

        // Epochs over the batch in shuffled minibatches: the clipped surrogate keeps each step near the
        // rollout policy, whose log-probabilities ride in the labels.
        Metrics metrics = new Metrics();
        int n = batch.size();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            int[] rows = shuffledRows(n);
            for (int from = 0; from < n; from += config.minibatchSize()) {
                int to = Math.min(n, from + config.minibatchSize());
                metrics.addStep(gradientStep(batch, rows, from, to, targets.advantages(), value[0], value[1], lr));
            }
            fitQueued(metrics, lr);
        }

        envSteps += n;
        updates++;
        Map<String, Double> result = metrics.finish(batch, targets.returns(), lr);
        result.put("clip_range", clipRange);
        return result;
    }
}
