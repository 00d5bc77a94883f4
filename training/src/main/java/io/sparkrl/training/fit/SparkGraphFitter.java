package io.sparkrl.training.fit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.repartitioner.EqualRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * Fits a learner's DL4J {@link ComputationGraph} on the executors of the job's Spark context, through DL4J's
 * {@code ParameterAveragingTrainingMaster} or {@code SharedTrainingMaster} ({@link Fitting}).
 *
 * <p>The learner keeps its own graph; the fitter runs a twin that shares its parameter array (so a fit changes the
 * learner's network in place) and its loss objects (so the learner's loss settings, clip ranges and coefficients,
 * travel with the configuration), with DL4J's own updater in place of sparkrl's optimizer: Adam or RMSprop with the
 * learner's epsilon, the gradient clipped to {@code maxGradNorm} per layer (DL4J has no global-norm clipping), and
 * no division by the minibatch size (sparkrl's losses already return the mean's gradient).
 *
 * <p>The three fixes SharedTrainingMaster needs (../shared/notes/platform.md): an {@link EqualRepartitioner}
 * (the default one deadlocks), a {@link PortSupplier} that gives every JVM a port of its own (the static one binds
 * one port everywhere, so every executor thinks it is the root), and no caching of the training RDD here. Its
 * Aeron transport binds to the driver's address and, on executors, to the interface in the network mask.
 */
public final class SparkGraphFitter implements MinibatchFitter {
    private final JavaSparkContext jsc;
    private final ComputationGraph twin;
    private final SparkComputationGraph sparkGraph;
    private final int partitions;

    /**
     * {@code graph}: the learner's network; {@code batchSize}: rows per minibatch (the data come in minibatches of
     * that size); {@code updater}: the optimizer (its learning rate is set on each fit).
     */
    public SparkGraphFitter(JavaSparkContext jsc, ComputationGraph graph, Fitting fitting, int batchSize,
                            IUpdater updater, double maxGradNorm) {
        if (!fitting.distributed()) throw new IllegalArgumentException("local fitting needs no Spark fitter");
        this.jsc = jsc;
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        conf.getDefaultConfiguration().setMiniBatch(false);
        for (var vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof BaseLayer base) {
                base.setIUpdater(updater.clone());
                base.setBiasUpdater(null);
                if (Double.isFinite(maxGradNorm)) {
                    base.setGradientNormalization(GradientNormalization.ClipL2PerLayer);
                    base.setGradientNormalizationThreshold(maxGradNorm);
                }
            }
        }
        twin = new ComputationGraph(conf);
        twin.init(graph.params(), false);
        for (var layer : graph.getLayers()) {
            var own = layer.conf().getLayer();
            var twins = twin.getLayer(layer.conf().getLayer().getLayerName()).conf().getLayer();
            if (own instanceof BaseOutputLayer out) ((BaseOutputLayer) twins).setLossFn(out.getLossFn());
            else if (own instanceof LossLayer loss) ((LossLayer) twins).setLossFn(loss.getLossFn());
        }
        partitions = Math.max(1, jsc.defaultParallelism());
        sparkGraph = new SparkComputationGraph(jsc, twin, trainingMaster(jsc, fitting, batchSize));
    }

    private static TrainingMaster trainingMaster(JavaSparkContext jsc, Fitting fitting, int batchSize) {
        if (fitting.mode().equals("averaging")) {
            // The RDD's elements are minibatches of batchSize rows: DL4J sizes its averaging splits from that.
            return new ParameterAveragingTrainingMaster.Builder(batchSize)
                    .batchSizePerWorker(batchSize)
                    .averagingFrequency(fitting.averagingFrequency())
                    .workerPrefetchNumBatches(0)
                    .saveUpdater(true)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .build();
        }
        String driver = jsc.getConf().get("spark.driver.host", "127.0.0.1");
        setAeronTimeout();
        int controllerPort = freeUdpPort();
        VoidConfiguration transport = VoidConfiguration.builder()
                .controllerAddress(driver)
                .unicastPort(controllerPort)
                .networkMask(fitting.networkMask() != null ? fitting.networkMask() : networkMaskOf(driver))
                .portSupplier(new OwnPortPerJvm(jvmId(), controllerPort))
                .build();
        return new SharedTrainingMaster.Builder(transport, batchSize)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(fitting.threshold()))
                .batchSizePerWorker(batchSize)
                .workersPerNode(1)
                .workerPrefetchNumBatches(0)
                .repartitioner(new EqualRepartitioner())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
    }

    /** The executors' interfaces to bind: loopback for a driver on loopback, else the driver's /16. */
    static String networkMaskOf(String driverHost) {
        try {
            byte[] ip = InetAddress.getByName(driverHost).getAddress();
            if (ip[0] == 127) return "127.0.0.0/8";
            return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + ".0.0/16";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the driver host " + driverHost, e);
        }
    }

    /** One pass over {@code minibatches} on the executors with learning rate {@code lr}. */
    @Override public void fit(List<MultiDataSet> minibatches, double lr) {
        fit(jsc.parallelize(minibatches, Math.min(partitions, minibatches.size())), lr);
    }

    /** One pass over an RDD of minibatches (pretraining builds them on the executors, next to the data). */
    public void fit(JavaRDD<MultiDataSet> minibatches, double lr) {
        twin.setLearningRate(lr);
        sparkGraph.fitMultiDataSet(minibatches);
    }

    /**
     * Aeron refuses to start with its default publication-unblock timeout at or below the client liveness timeout
     * (30 s): 60 s, unless the JVM was given its own. Set in every JVM before its transport starts.
     */
    private static void setAeronTimeout() {
        if (System.getProperty(AERON_UNBLOCK_TIMEOUT) == null) System.setProperty(AERON_UNBLOCK_TIMEOUT, "60000000000");
    }

    private static final String AERON_UNBLOCK_TIMEOUT = "aeron.publication.unblock.timeout";

    private static String jvmId() {
        return ManagementFactory.getRuntimeMXBean().getName();   // pid@host
    }

    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port for the parameter-server transport", e);
        }
    }

    /**
     * The driver JVM binds the controller port; every other JVM (an executor) one free UDP port of its own, the same
     * for the JVM's lifetime (DL4J's StaticPortSupplier ignores its argument and binds 49876 in every JVM).
     */
    private record OwnPortPerJvm(String driverJvm, int controllerPort) implements PortSupplier {
        private static volatile int executorPort;

        @Override public int getPort() {
            setAeronTimeout();   // DL4J asks for the port just before it starts the transport
            if (jvmId().equals(driverJvm)) return controllerPort;
            synchronized (OwnPortPerJvm.class) {
                if (executorPort == 0) executorPort = freeUdpPort();
                return executorPort;
            }
        }
    }
}
