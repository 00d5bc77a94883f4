package io.sparkrl.training.onpolicy;

import io.sparkrl.training.ImageInputs;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward passes of sparkrl's built-in actor-critic architecture (optional ReLU convolutions, two tanh
 * towers, the heads), written as a short list of ND4J ops over the DL4J graph's own parameter views, into preallocated
 * buffers. The same function as {@link ComputationGraph#computeGradientAndScore} on that graph (a test checks the
 * gradients agree) at a fraction of its cost: DL4J spends most of a small network's step in per-layer bookkeeping
 * (workspaces, validation, activation copies) and its convolution layer does not use oneDNN, while libnd4j's
 * {@code conv2d} op does. The graph stays the network's parameter store, checkpoint format and the path for a user's
 * torso and for DL4J's Spark training masters.
 *
 * <p>Layer names as {@link ActorCriticNet} builds them: {@code conv<i>}, {@code pi<i>}, {@code v<i>}, then
 * {@code policy} (Discrete) or {@code mean} and {@code logStd} (Box), and {@code value}. Not thread-safe.
 */
final class ActorCriticPasses {
    private final ActorCriticSpec spec;
    private final INDArray gradient;
    private final List<Conv> convs = new ArrayList<>();
    private final List<Dense> piTower = new ArrayList<>(), vTower = new ArrayList<>();
    private final Dense policyHead, valueHead;
    /** Box actions: the state-independent log-std (the bias of DL4J's {@code logStd} layer) and its gradient. */
    private final INDArray logStd, dLogStd;
    /** Activations and gradients per batch size (acting and learning use different sizes). */
    private final Map<Integer, Buffers> buffers = new HashMap<>();

    ActorCriticPasses(ActorCriticSpec spec, ComputationGraph graph, INDArray gradient) {
        this.spec = spec;
        this.gradient = gradient;
        INDArray params = graph.params();
        int[] image = spec.imageShape();
        int h = image.length == 3 ? image[1] : 0, w = image.length == 3 ? image[2] : 0;
        for (int i = 0; i < spec.conv().length; i++) {
            int[] layer = spec.conv()[i];
            convs.add(new Conv(graph, params, "conv" + i, h, w, layer));
            h = ImageInputs.convolved(h, layer);
            w = ImageInputs.convolved(w, layer);
        }
        for (int i = 0; i < spec.hidden().length; i++) {
            piTower.add(new Dense(graph, params, "pi" + i));
            vTower.add(new Dense(graph, params, "v" + i));
        }
        policyHead = new Dense(graph, params, spec.discrete() ? "policy" : "mean");
        valueHead = new Dense(graph, params, "value");
        logStd = spec.discrete() ? null : graph.getLayer("logStd").getParam("b");
        dLogStd = spec.discrete() ? null : gradientView(params, logStd);
    }

    /** The slice of the flat gradient at the same offset and in the same layout as parameter view {@code param}. */
    private INDArray gradientView(INDArray params, INDArray param) {
        long offset = param.offset() - params.offset();
        INDArray flat = gradient.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + param.length()));
        INDArray view = flat.reshape(param.ordering(), param.shape());
        if (view.data().pointer().address() != flat.data().pointer().address())
            throw new IllegalStateException("gradient slice of " + Arrays.toString(param.shape()) + " is not a view");
        return view;
    }

    /** Both heads for the rows of {@code obs}: {@code [0]} the policy output {@code [n, width]}, {@code [1]} values {@code [n, 1]}. */
    INDArray[] forward(INDArray obs) {
        Buffers b = buffersFor((int) obs.size(0));
        INDArray features = obs;
        if (!convs.isEmpty()) {
            features = obs.reshape('c', obs.size(0), spec.imageShape()[0], spec.imageShape()[1], spec.imageShape()[2]);
            for (int i = 0; i < convs.size(); i++) features = convs.get(i).forward(features, b.conv[i]);
            features = features.reshape('c', obs.size(0), features.length() / obs.size(0));
        }
        b.input = obs;
        b.features = features;
        INDArray pi = features, v = features;
        for (int i = 0; i < piTower.size(); i++) {
            pi = piTower.get(i).forwardTanh(pi, b.pi[i]);
            v = vTower.get(i).forwardTanh(v, b.v[i]);
        }
        INDArray policy = policyHead.forwardLinear(pi, b.policy);
        if (!spec.discrete()) {
            b.policyOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, spec.actionDim())).assign(policy);
            b.policyOut.get(NDArrayIndex.all(), NDArrayIndex.interval(spec.actionDim(), 2L * spec.actionDim())).assign(
                    logStd.reshape(1, spec.actionDim()).broadcast(policy.size(0), spec.actionDim()));
            policy = b.policyOut;
        }
        return new INDArray[] {policy, valueHead.forwardLinear(v, b.value)};
    }

    /**
     * Backpropagates d loss / d policy output and d loss / d value ({@code [n, width]}, {@code [n, 1]}) through the
     * most recent {@link #forward} into the flat gradient.
     */
    void backward(INDArray dPolicy, INDArray dValue) {
        Buffers b = buffersFor((int) dPolicy.size(0));
        INDArray dMean = dPolicy;
        if (!spec.discrete()) {
            dMean = dPolicy.get(NDArrayIndex.all(), NDArrayIndex.interval(0, spec.actionDim()));
            dLogStd.assign(dPolicy.get(NDArrayIndex.all(), NDArrayIndex.interval(spec.actionDim(), 2L * spec.actionDim()))
                    .sum(0).reshape(dLogStd.shape()));
        }
        int last = piTower.size() - 1;
        INDArray dPi = policyHead.backward(b.pi[last].h(), dMean, b.dPi[last + 1]);
        INDArray dV = valueHead.backward(b.v[last].h(), dValue, b.dV[last + 1]);
        for (int i = last; i >= 0; i--) {
            // The first layer's input gradient is needed only to reach a convolutional torso.
            boolean needInputGradient = i > 0 || !convs.isEmpty();
            dPi = piTower.get(i).backwardTanh(i == 0 ? b.features : b.pi[i - 1].h(), b.pi[i], dPi, needInputGradient ? b.dPi[i] : null);
            dV = vTower.get(i).backwardTanh(i == 0 ? b.features : b.v[i - 1].h(), b.v[i], dV, needInputGradient ? b.dV[i] : null);
        }
        if (convs.isEmpty()) return;
        INDArray dFeatures = dPi.addi(dV);   // both towers read the shared torso
        INDArray dx = dFeatures.reshape('c', b.conv[convs.size() - 1].out().shape());
        for (int i = convs.size() - 1; i >= 0; i--)
            dx = convs.get(i).backward(i == 0 ? b.input.reshape('c', b.conv[0].inShape()) : b.conv[i - 1].out(), b.conv[i], dx);
    }

    /**
     * A column-major {@code [rows, cols]} buffer, as DL4J's own activations: libnd4j's row-vector broadcasts and
     * column sums run about twice as fast on it as on row-major arrays of RL's small batch shapes.
     */
    private static INDArray matrix(long rows, long cols) { return Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'f'); }

    /**
     * The whole data buffer of {@code array} as floats (index it with the array's own offset). The element-wise work
     * of the tanh layers runs in Java on copies: libnd4j's scalar {@code tanh}, its derivative, row-vector adds and
     * column sums cost 70-300 us each on a {@code [256, 64]} array, the Java loops below a few, vectorised by C2.
     */
    private static FloatBuffer floats(INDArray array) {
        if (array.ordering() != 'f' && array.rank() == 2 && array.size(0) > 1 && array.size(1) > 1)
            throw new IllegalStateException("expected a column-major buffer, got " + array.shapeInfoToString());
        return array.data().asNioFloat();
    }

    /**
     * tanh in float precision as Eigen computes it (a [13/6] rational approximation on [-7.9, 7.9], max error
     * 4e-7 against {@link Math#tanh}, ActorCriticPassesTest), branch-free so that C2 vectorises the loops: about 1 ns
     * per element against 18 ns for libnd4j's and 50 ns for {@link Math#tanh}.
     */
    static float tanh(float a) {
        float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, a));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return x * p / q;
    }

    private Buffers buffersFor(int n) { return buffers.computeIfAbsent(n, Buffers::new); }

    /**
     * One tanh layer's buffers for a batch size: {@code z} (the product {@code x W}, then in backward d loss / d z) and
     * {@code h} (the activation), column-major, and Java copies of them for the element-wise work.
     */
    private record Activations(INDArray z, INDArray h, float[] zs, float[] hs) {
        Activations(long rows, long cols) {
            this(matrix(rows, cols), matrix(rows, cols), new float[Math.toIntExact(rows * cols)], new float[Math.toIntExact(rows * cols)]);
        }
    }

    /** One convolution's pre-activation, ReLU output and gradient buffers for a batch size. */
    private record ConvActivations(long[] inShape, INDArray z, INDArray out, INDArray dz, INDArray dIn) {}

    private final class Buffers {
        final Activations[] pi = new Activations[piTower.size()], v = new Activations[vTower.size()];
        /** Input gradients of each tower layer and of the head (index = layer; the head's at the end). */
        final INDArray[] dPi = new INDArray[piTower.size() + 1], dV = new INDArray[vTower.size() + 1];
        final ConvActivations[] conv = new ConvActivations[convs.size()];
        final INDArray policy, policyOut, value;
        INDArray input, features;

        Buffers(int n) {
            long nIn = spec.obsSize();
            long[] shape = spec.imageShape().length == 3
                    ? new long[] {n, spec.imageShape()[0], spec.imageShape()[1], spec.imageShape()[2]} : null;
            for (int i = 0; i < convs.size(); i++) {
                Conv c = convs.get(i);
                long[] out = {n, c.filters, c.outH, c.outW};
                conv[i] = new ConvActivations(shape, Nd4j.create(DataType.FLOAT, out), Nd4j.create(DataType.FLOAT, out),
                        Nd4j.create(DataType.FLOAT, out), Nd4j.create(DataType.FLOAT, shape));
                shape = out;
                nIn = (long) c.filters * c.outH * c.outW;
            }
            for (int i = 0; i < piTower.size(); i++) {
                dPi[i] = matrix(n, nIn);
                dV[i] = matrix(n, nIn);
                nIn = piTower.get(i).nOut;
                pi[i] = new Activations(n, nIn);
                v[i] = new Activations(n, nIn);
            }
            dPi[piTower.size()] = matrix(n, nIn);
            dV[vTower.size()] = matrix(n, nIn);
            policy = matrix(n, spec.actionDim());
            policyOut = matrix(n, spec.policyOutputWidth());
            value = matrix(n, 1);
        }
    }

    /** A dense layer {@code x W + b} over the graph's views of its weights {@code [nIn, nOut]} and bias, and their gradients. */
    private final class Dense {
        final INDArray w, b, dw, db;
        final long nOut;

        Dense(ComputationGraph graph, INDArray params, String name) {
            w = graph.getLayer(name).getParam("W");
            b = graph.getLayer(name).getParam("b");
            dw = gradientView(params, w);
            db = gradientView(params, b);
            nOut = w.size(1);
        }

        INDArray forwardLinear(INDArray x, INDArray out) {
            Nd4j.gemm(x, w, out, false, false, 1.0, 0.0);
            return out.addiRowVector(b);
        }

        /** {@code tanh(x W + b)}: the product through ND4J, bias and tanh in Java (see {@link #tanh}). */
        INDArray forwardTanh(INDArray x, Activations a) {
            Nd4j.gemm(x, w, a.z(), false, false, 1.0, 0.0);
            float[] z = a.zs(), h = a.hs();
            floats(a.z()).get(0, z);
            FloatBuffer bias = floats(b);
            int rows = (int) x.size(0);
            for (int j = 0; j < nOut; j++) {
                float bj = bias.get((int) b.offset() + j);
                for (int k = j * rows, end = k + rows; k < end; k++) h[k] = tanh(z[k] + bj);   // column-major: column j
            }
            floats(a.h()).put(0, h);
            return a.h();
        }

        /** Gradients for output gradient {@code dy} at input {@code x}; the input gradient into {@code dx} (skipped if null). */
        INDArray backward(INDArray x, INDArray dy, INDArray dx) {
            Nd4j.gemm(x, dy, dw, true, false, 1.0, 0.0);
            db.assign(dy.sum(0).reshape(db.shape()));
            if (dx == null) return null;
            Nd4j.gemm(dy, w, dx, false, true, 1.0, 0.0);
            return dx;
        }

        /** Backward through {@link #forwardTanh}: {@code dz = dh (1 - h^2)} and the bias gradient in Java, the products in ND4J. */
        INDArray backwardTanh(INDArray x, Activations a, INDArray dh, INDArray dx) {
            float[] dz = a.zs(), h = a.hs();
            floats(dh).get(0, dz);
            for (int k = 0; k < dz.length; k++) dz[k] *= 1 - h[k] * h[k];
            FloatBuffer biasGradient = floats(db);
            int rows = (int) x.size(0);
            for (int j = 0; j < nOut; j++) {
                float sum = 0;
                for (int k = j * rows, end = k + rows; k < end; k++) sum += dz[k];
                biasGradient.put((int) db.offset() + j, sum);
            }
            floats(a.z()).put(0, dz);   // z now holds d loss / d z (the next forward overwrites it)
            Nd4j.gemm(x, a.z(), dw, true, false, 1.0, 0.0);
            if (dx == null) return null;
            Nd4j.gemm(a.z(), w, dx, false, true, 1.0, 0.0);
            return dx;
        }
    }

    /** A ReLU convolution through libnd4j's conv2d ops on DL4J's weights {@code [filters, in, k, k]}, no padding. */
    private final class Conv {
        final INDArray w, b, dw, db;
        /** {@code [filters, kernel, stride]}. */
        final int[] layer;
        final int filters, outH, outW;

        Conv(ComputationGraph graph, INDArray params, String name, int inH, int inW, int[] layer) {
            w = graph.getLayer(name).getParam("W");
            INDArray bias = graph.getLayer(name).getParam("b");
            b = bias.reshape(bias.length());
            dw = gradientView(params, w);
            db = gradientView(params, bias).reshape(bias.length());
            this.layer = layer;
            filters = layer[0];
            outH = ImageInputs.convolved(inH, layer);
            outW = ImageInputs.convolved(inW, layer);
        }

        INDArray forward(INDArray x, ConvActivations a) {
            Nd4j.exec(ImageInputs.conv2d("conv2d", layer, ImageInputs.WEIGHTS_OIKK).addInputs(x, w, b).addOutputs(a.z()).build());
            Nd4j.exec(new RectifiedLinear(a.z(), a.out(), 0.0));
            return a.out();
        }

        /** Gradients for ReLU-output gradient {@code dOut} at input {@code x}; returns the input gradient. */
        INDArray backward(INDArray x, ConvActivations a, INDArray dOut) {
            Nd4j.exec(new RectifiedLinearDerivative(a.z(), dOut, a.dz()));
            Nd4j.exec(ImageInputs.conv2d("conv2d_bp", layer, ImageInputs.WEIGHTS_OIKK).addInputs(x, w, b, a.dz()).addOutputs(a.dIn(), dw, db).build());
            return a.dIn();
        }

    }
}
