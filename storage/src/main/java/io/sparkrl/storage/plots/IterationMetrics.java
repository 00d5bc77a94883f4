package io.sparkrl.storage.plots;

import io.sparkrl.storage.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training metrics logged once per iteration (policy_loss, value_loss, entropy, approx_kl, explained_variance...):
 * {@code steps[i]} is the run's env step count at iteration {@code i}, and every series has one value per
 * iteration (NaN where a metric was not logged). Series keep their insertion order.
 */
public record IterationMetrics(long[] steps, Map<String, double[]> series) {
    public IterationMetrics {
        series = new LinkedHashMap<>(series);
        for (Map.Entry<String, double[]> e : series.entrySet())
            if (e.getValue().length != steps.length)
                throw new BadInputException("metric " + e.getKey() + " has " + e.getValue().length + " values for "
                        + steps.length + " iterations");
    }
}
