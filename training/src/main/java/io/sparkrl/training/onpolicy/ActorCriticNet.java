package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.training.ImageInputs;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The actor-critic network: two separate tanh towers in one DL4J {@link ComputationGraph}, so that one call
 * computes both heads (acting) and one backward pass both losses (learning), with one flat parameter vector
 * and one flat gradient for global-norm clipping.
 *
 * <ul>
 *   <li>{@code obs -> pi0 -> pi1 -> policy}: categorical logits (Discrete), or a Gaussian mean beside a
 *       state-independent log-std (Box). The log-std is the bias of a layer fed zeros ({@code obs * 0}): DL4J
 *       has no free-parameter layer, and its weights get zero gradient and stay zero.</li>
 *   <li>{@code obs -> v0 -> v1 -> value}: the state value (normalised when Pop-Art is on).</li>
 * </ul>
 * For image observations both towers read a shared convolutional torso ({@code obs -> conv0 -> conv1 ...},
 * ReLU, as SB3's shared features extractor) instead of {@code obs}. A user's {@link ActorCriticTorso}
 * ({@code spec.network()}) replaces torso and towers: the heads then read its trunks.
 * Weights start orthogonal (gain sqrt 2 in hidden layers, 0.01 on the policy head, 1 on the value head) and
 * biases zero, as in CleanRL and SB3, drawn from {@link Rng} so that a seed fixes them on every JVM.
 *
 * <p>DL4J's own updater is off ({@link NoOp}): learners clip the flat gradient by its global norm and apply
 * Adam themselves ({@link Optimizer}). Not thread-safe.
 */
public final class ActorCriticNet {
    private final ActorCriticSpec spec;
    private final ComputationGraph graph;
    private final PolicyLoss policyLoss;
    private final ValueLoss valueLoss;
    /** The built-in convolutional architecture's own passes; null for MLPs and a user's torso (DL4J's graph). */
    private final ActorCriticPasses passes;
    /** The flat gradient {@link #passes} write, aligned with {@link #params()}. */
    private final INDArray gradient;
    private static final IActivation IDENTITY = new ActivationIdentity();

    public ActorCriticNet(ActorCriticSpec spec, long seed) {
        // Own passes for every built-in architecture: DL4J's convolution layer does not reach oneDNN (MinAtar's PPO net,
        // 3x faster with them), and on MLPs the passes' Java element-wise work makes a PPO step 2.8x faster than the
        // graph's (docs/BENCHMARKS.md). Users' torsos (spec.network()) keep DL4J's graph.
        this(spec, seed, spec.network() == null);
    }

    /** {@code ownPasses}: forward and backward through {@link ActorCriticPasses} (built-in architectures only). */
    ActorCriticNet(ActorCriticSpec spec, long seed, boolean ownPasses) {
        if (spec.network() == null && spec.hidden().length == 0)
            throw new IllegalArgumentException("an actor-critic MLP needs a hidden layer");
        this.spec = spec;
        graph = new ComputationGraph(configuration(spec, seed));
        graph.init();
        policyLoss = (PolicyLoss) lossOf("policy");
        valueLoss = (ValueLoss) lossOf("value");
        initOrthogonal(new Rng(seed));
        gradient = Nd4j.zeros(DataType.FLOAT, 1, graph.numParams());
        passes = ownPasses && spec.network() == null ? new ActorCriticPasses(spec, graph, gradient) : null;
    }

    /** The loss object the layer actually uses (DL4J may have copied the configuration's). */
    private ILossFunction lossOf(String layer) {
        var conf = graph.getLayer(layer).conf().getLayer();
        return conf instanceof LossLayer loss ? loss.getLossFn() : ((BaseOutputLayer) conf).getLossFn();
    }

    private static ComputationGraphConfiguration configuration(ActorCriticSpec spec, long seed) {
        var g = new NeuralNetConfiguration.Builder()
                .seed(seed) // only a user torso's own weight init draws from it; the rest is set by initOrthogonal
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("obs");
        ActorCriticTorso.Trunks trunks;
        if (spec.network() != null) {
            trunks = ActorCriticTorso.forName(spec.network()).build(g, "obs", spec);
        } else {
            String input = torso(g, spec);
            int last = spec.hidden()[spec.hidden().length - 1];
            trunks = new ActorCriticTorso.Trunks(tower(g, "pi", input, spec), last, tower(g, "v", input, spec), last);
        }
        var policyLoss = new PolicyLoss(!spec.discrete());
        if (spec.discrete()) {
            g.addLayer("policy", new OutputLayer.Builder(policyLoss).nIn(trunks.policyWidth()).nOut(spec.actionDim())
                    .activation(Activation.IDENTITY).build(), trunks.policy());
        } else {
            g.addLayer("mean", dense(trunks.policyWidth(), spec.actionDim(), Activation.IDENTITY), trunks.policy());
            g.addVertex("zeros", new ScaleVertex(0), "obs");
            g.addLayer("logStd", new DenseLayer.Builder().nIn(spec.obsSize()).nOut(spec.actionDim())
                    .activation(Activation.IDENTITY).weightInit(WeightInit.ZERO).build(), "zeros");
            g.addVertex("meanLogStd", new MergeVertex(), "mean", "logStd");
            g.addLayer("policy", new LossLayer.Builder(policyLoss).activation(Activation.IDENTITY).build(), "meanLogStd");
        }
        g.addLayer("value", new OutputLayer.Builder(new ValueLoss()).nIn(trunks.valueWidth()).nOut(1)
                .activation(Activation.IDENTITY).build(), trunks.value());
        return g.setOutputs("policy", "value").build();
    }

    /**
     * For image observations, the shared ReLU convolutions {@code conv0, conv1, ...} on the flat input reshaped to
     * {@code [C, H, W]}; returns the name of the layer the towers read ("obs" for flat observations).
     */
    private static String torso(ComputationGraphConfiguration.GraphBuilder g, ActorCriticSpec spec) {
        if (spec.conv().length == 0) return "obs";
        int[] image = spec.imageShape();
        String prev = "obs";
        int channels = image[0];
        for (int i = 0; i < spec.conv().length; i++) {
            int[] layer = spec.conv()[i];
            g.addLayer("conv" + i, new ConvolutionLayer.Builder(layer[1], layer[1]).stride(layer[2], layer[2])
                    .nIn(channels).nOut(layer[0]).convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.RELU).build(), prev);
            prev = "conv" + i;
            channels = layer[0];
        }
        g.inputPreProcessor("conv0", new FeedForwardToCnnPreProcessor(image[1], image[2], image[0]));
        return prev;
    }

    private static String tower(ComputationGraphConfiguration.GraphBuilder g, String prefix, String input, ActorCriticSpec spec) {
        String prev = input;
        int nIn = spec.obsSize();
        if (spec.conv().length > 0) {
            int[] features = ImageInputs.outputShape(spec.imageShape(), spec.conv());
            nIn = features[0] * features[1] * features[2];
            g.inputPreProcessor(prefix + 0, new CnnToFeedForwardPreProcessor(features[1], features[2], features[0]));
        }
        for (int i = 0; i < spec.hidden().length; i++) {
            g.addLayer(prefix + i, dense(nIn, spec.hidden()[i], Activation.TANH), prev);
            prev = prefix + i;
            nIn = spec.hidden()[i];
        }
        return prev;
    }

    private static DenseLayer dense(int nIn, int nOut, Activation activation) {
        return new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(activation).build();
    }

    private void initOrthogonal(Rng rng) {
        double hiddenGain = Math.sqrt(2);
        for (int i = 0; i < spec.conv().length; i++) orthogonal("conv" + i, hiddenGain, rng);   // orthogonal filters, as SB3's CNN
        for (int i = 0; spec.network() == null && i < spec.hidden().length; i++) {
            orthogonal("pi" + i, hiddenGain, rng);
            orthogonal("v" + i, hiddenGain, rng);
        }
        orthogonal(spec.discrete() ? "policy" : "mean", 0.01, rng);
        orthogonal("value", 1, rng);
        if (!spec.discrete()) graph.getLayer("logStd").getParam("b").assign(0);
    }

    /**
     * Sets layer {@code name}'s weights to {@code gain} times a random matrix with orthonormal rows or columns, its
     * bias to 0. Weights of any rank are that matrix with their first axis as rows (a dense layer's {@code [in, out]};
     * a convolution's {@code [filters, in, k, k]} as filters x (in k k)).
     */
    private void orthogonal(String name, double gain, Rng rng) {
        INDArray w = graph.getLayer(name).getParam("W");
        int nIn = (int) w.size(0), nOut = (int) (w.length() / w.size(0));
        int tall = Math.max(nIn, nOut), wide = Math.min(nIn, nOut);
        double[][] q = new double[wide][tall];   // wide orthonormal vectors of length tall (Gram-Schmidt)
        for (int c = 0; c < wide; c++) {
            for (int r = 0; r < tall; r++) q[c][r] = rng.nextGaussian();
            for (int prev = 0; prev < c; prev++) {
                double dot = 0;
                for (int r = 0; r < tall; r++) dot += q[c][r] * q[prev][r];
                for (int r = 0; r < tall; r++) q[c][r] -= dot * q[prev][r];
            }
            double norm = 0;
            for (int r = 0; r < tall; r++) norm += q[c][r] * q[c][r];
            norm = Math.sqrt(norm);
            for (int r = 0; r < tall; r++) q[c][r] *= gain / norm;
        }
        double[][] values = new double[nIn][nOut];
        for (int i = 0; i < nIn; i++)
            for (int o = 0; o < nOut; o++) values[i][o] = nIn >= nOut ? q[o][i] : q[i][o];
        w.assign(Nd4j.create(values).castTo(w.dataType()).reshape(w.shape()));
        graph.getLayer(name).getParam("b").assign(0);
    }

    public ActorCriticSpec spec() { return spec; }

    /** The DL4J graph itself, for fitting it elsewhere (a Spark training master); its parameters are this network's. */
    public ComputationGraph graph() { return graph; }

    public PolicyLoss policyLoss() { return policyLoss; }

    public ValueLoss valueLoss() { return valueLoss; }

    /** Both heads for {@code n} observations: {@code [0]} the policy output {@code [n, width]}, {@code [1]} values {@code [n, 1]}. */
    public INDArray[] forward(float[] obs, int n) {
        int size = n * spec.obsSize();
        INDArray rows = Nd4j.create(obs.length == size ? obs : Arrays.copyOf(obs, size), n, spec.obsSize());
        return passes != null ? passes.forward(rows) : graph.output(false, rows);
    }

    /** The elements of a matrix, row by row. */
    static float[] rowMajor(INDArray matrix) { return matrix.reshape(new long[] {matrix.length()}).toFloatVector(); }

    /**
     * Backpropagates both losses (policy labels and value labels in their loss's layout) for the rows of
     * {@code obs}, and returns the flat gradient: a view the next call overwrites, aligned with {@link #params()}.
     */
    public INDArray gradient(INDArray obs, INDArray policyLabels, INDArray valueLabels) {
        if (passes == null) return graphGradient(obs, policyLabels, valueLabels);
        // The losses on the passes' outputs, as DL4J's output layers call them.
        INDArray[] out = passes.forward(obs);
        passes.backward(policyLoss.computeGradient(policyLabels, out[0], IDENTITY, null),
                valueLoss.computeGradient(valueLabels, out[1], IDENTITY, null));
        return gradient;
    }

    /** The same gradient through DL4J's graph (a user's torso; tests compare the two paths). */
    INDArray graphGradient(INDArray obs, INDArray policyLabels, INDArray valueLabels) {
        graph.setInputs(obs);
        graph.setLabels(policyLabels, valueLabels);
        graph.computeGradientAndScore();
        return graph.getFlattenedGradients();
    }

    /** The flat parameter vector, a live view: changing it changes the network. */
    public INDArray params() { return graph.params(); }

    public float[] paramsCopy() { return graph.params().toFloatVector(); }

    public void setParams(float[] params) {
        if (params.length != graph.numParams())
            throw new IllegalArgumentException("expected " + graph.numParams() + " parameters for " + spec + ", got " + params.length);
        graph.params().assign(Nd4j.create(params, graph.params().shape()));
    }

    /** Maps the value head's output {@code v} to {@code scale * v + shift} exactly, by rescaling its last layer (Pop-Art). */
    public void rescaleValueHead(double scale, double shift) {
        var layer = graph.getLayer("value");
        layer.getParam("W").muli(scale);
        layer.getParam("b").muli(scale).addi(shift);
    }
}
