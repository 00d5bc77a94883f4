package io.sparkrl.training.fit;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/** Fits a learner's network on minibatches somewhere other than the learner's own loop ({@link SparkGraphFitter}). */
public interface MinibatchFitter {
    /** One pass over {@code minibatches} with learning rate {@code lr}, updating the network in place. */
    void fit(List<MultiDataSet> minibatches, double lr);

    /** Makes the fitter of a learner's {@code graph}, which fits minibatches of {@code rows} rows with {@code updater}. */
    interface Factory {
        MinibatchFitter create(ComputationGraph graph, int rows, IUpdater updater, double maxGradNorm);
    }
}
