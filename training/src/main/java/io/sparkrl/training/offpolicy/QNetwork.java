package io.sparkrl.training.offpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.training.ImageInputs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Q-network of the DQN family: an MLP with ReLU hidden layers and a linear head giving one value per action,
 * or, with {@code dueling} (Wang et al. 2016), a state-value head and an advantage head combined as
 * {@code Q = V + A - mean(A)}. With {@code noisy} (Fortunato et al. 2018) the fully connected layers after the
 * observation encoder (the conv torso, or for flat observations the first hidden layer) are factorised-Gaussian
 * noisy layers, {@code W = mu_W + sigma_W * (f(e_in) f(e_out)^T)}, {@code f(x) = sign(x) sqrt|x|}, whose noise
 * {@link #resampleNoise} draws and {@link #noiseOff} zeroes (the mean network, for greedy play).
 *
 * <p>For image observations ({@code imageShape} {@code [C, H, W]}, channel-first) a convolutional torso comes first:
 * each {@code conv} entry {@code [filters, kernel, stride]} is a ReLU convolution without padding, as the Nature DQN
 * ({@code [[32,8,4],[64,4,2],[64,3,1]]}) and MinAtar ({@code [[16,3,1]]}) networks; its flattened output feeds the
 * hidden layers. Noise, when on, is in the fully connected layers only, as in Rainbow.
 *
 * <p>Written with ND4J matrix operations and a hand-written backward pass rather than DL4J layers: DL4J has no
 * noisy or dueling layer, and the learner needs the gradient of a loss it computes itself (Huber on one action's
 * value, importance-weighted). All parameters live in one flat vector (and the gradient in another), each layer's
 * tensors being views into it, so one optimizer step and one copy serve the whole network (and the target
 * network is just a second instance). Weights start as PyTorch's {@code nn.Linear} (uniform within
 * {@code 1/sqrt(fan_in)}), noise scales at {@code sigma0/sqrt(fan_in)}, drawn from {@link Rng}. Not thread-safe.
 *
 * <p>Callers run forward and backward passes inside {@link #scoped}: every temporary array then lives in a reused
 * ND4J workspace instead of off-heap memory that only a garbage collection would free (at thousands of small
 * steps per second that memory outgrows the machine long before the small Java heap needs collecting). Layer
 * outputs and input gradients go into buffers kept per batch size (matrix products as {@code gemm} into them:
 * ND4J's allocating {@code mmul} cost 2-5x the product itself at these sizes, docs/BENCHMARKS.md), so a pass's
 * outputs are valid until the next pass of the same batch size.
 */
public final class QNetwork {
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE).build();
    private static final String WORKSPACE_ID = "sparkrl-qnetwork";

    /**
     * Runs {@code work} with ND4J's temporaries in this thread's reused workspace, freed when it returns. Nothing
     * created inside may be kept: return Java arrays or numbers.
     */
    public static <T> T scoped(Supplier<T> work) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            return work.get();
        }
    }

    /**
     * The network's shape, small enough to ship to executors. {@code imageShape} is {@code [C, H, W]} for image
     * observations (then {@code conv} lists the convolutions) or empty for flat ones (then {@code conv} is empty).
     */
    public record Spec(int obsSize, int numActions, int[] hidden, boolean dueling, boolean noisy, double sigma0,
                       int[] imageShape, int[][] conv) implements Serializable {
        public Spec {
            if (imageShape.length != 0 && imageShape.length != 3)
                throw new IllegalArgumentException("imageShape must be [C, H, W] or empty, got " + Arrays.toString(imageShape));
            if (imageShape.length == 0 && conv.length != 0)
                throw new IllegalArgumentException("convolutions need image observations");
            if (imageShape.length == 3) {
                if (imageShape[0] * imageShape[1] * imageShape[2] != obsSize)
                    throw new IllegalArgumentException("imageShape " + Arrays.toString(imageShape) + " does not hold " + obsSize + " values");
                ImageInputs.checkConv(conv);
                ImageInputs.outputShape(imageShape, conv);
            }
        }

        /** A multilayer perceptron on flat observations. */
        public Spec(int obsSize, int numActions, int[] hidden, boolean dueling, boolean noisy, double sigma0) {
            this(obsSize, numActions, hidden, dueling, noisy, sigma0, new int[0], new int[0][]);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Spec s && obsSize == s.obsSize && numActions == s.numActions
                    && Arrays.equals(hidden, s.hidden) && dueling == s.dueling && noisy == s.noisy && sigma0 == s.sigma0
                    && Arrays.equals(imageShape, s.imageShape) && Arrays.deepEquals(conv, s.conv);
        }

        @Override public int hashCode() {
            return Arrays.hashCode(new double[] {obsSize, numActions, Arrays.hashCode(hidden), dueling ? 1 : 0, noisy ? 1 : 0,
                    sigma0, Arrays.hashCode(imageShape), Arrays.deepHashCode(conv)});
        }

        @Override public String toString() {
            String input = imageShape.length == 0 ? String.valueOf(obsSize)
                    : Arrays.toString(imageShape) + " -> conv " + Arrays.deepToString(conv);
            return input + " -> " + Arrays.toString(hidden) + " -> " + numActions + (dueling ? " dueling" : "")
                    + (noisy ? " noisy(sigma0=" + sigma0 + ")" : "");
        }
    }

    private final Spec spec;
    private final DataType type;
    private final INDArray params, gradient;
    private final List<Conv> convs = new ArrayList<>();
    private final List<Linear> hidden = new ArrayList<>();
    /** The advantage head when dueling, else the Q head. */
    private final Linear actionHead;
    /** Null unless dueling. */
    private final Linear valueHead;
    /** The most recent forward pass: each hidden layer's input, then the heads' input. */
    private final INDArray[] inputs;
    /** The most recent forward pass: each convolution's input, then the torso's (unflattened) output. */
    private final INDArray[] convInputs;
    /** Layer outputs and input gradients per batch size, allocated outside any workspace. */
    private final Map<Long, Buffers> buffers = new HashMap<>();

    public QNetwork(Spec spec, long seed) { this(spec, seed, DataType.FLOAT); }

    /** {@code type} DOUBLE is for gradient checks. */
    QNetwork(Spec spec, long seed, DataType type) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.spec = spec;
            this.type = type;
            long count = 0;
            int nIn = spec.obsSize();
            if (spec.imageShape().length == 3) {
                int channels = spec.imageShape()[0];
                for (int[] layer : spec.conv()) {
                    count += Conv.paramCount(channels, layer);
                    channels = layer[0];
                }
                nIn = Arrays.stream(ImageInputs.outputShape(spec.imageShape(), spec.conv())).reduce(1, (a, b) -> a * b);
            }
            int flatFeatures = nIn;
            for (int i = 0; i < spec.hidden().length; i++) {
                count += Linear.paramCount(nIn, spec.hidden()[i], noisyHidden(i));
                nIn = spec.hidden()[i];
            }
            count += Linear.paramCount(nIn, spec.numActions(), spec.noisy());
            if (spec.dueling()) count += Linear.paramCount(nIn, 1, spec.noisy());
            params = Nd4j.zeros(type, 1, count);
            gradient = Nd4j.zeros(type, 1, count);
            long offset = 0;
            if (spec.imageShape().length == 3) {
                int channels = spec.imageShape()[0], h = spec.imageShape()[1], w = spec.imageShape()[2];
                for (int[] layer : spec.conv()) {
                    convs.add(new Conv(channels, h, w, layer, offset));
                    offset += Conv.paramCount(channels, layer);
                    channels = layer[0];
                    h = ImageInputs.convolved(h, layer);
                    w = ImageInputs.convolved(w, layer);
                }
            }
            nIn = flatFeatures;
            for (int i = 0; i < spec.hidden().length; i++) {
                hidden.add(new Linear(nIn, spec.hidden()[i], noisyHidden(i), offset));
                offset += Linear.paramCount(nIn, spec.hidden()[i], noisyHidden(i));
                nIn = spec.hidden()[i];
            }
            actionHead = new Linear(nIn, spec.numActions(), spec.noisy(), offset);
            offset += Linear.paramCount(nIn, spec.numActions(), spec.noisy());
            valueHead = spec.dueling() ? new Linear(nIn, 1, spec.noisy(), offset) : null;
            inputs = new INDArray[hidden.size() + 1];
            convInputs = new INDArray[convs.size() + 1];
            Rng rng = new Rng(seed);
            for (Conv layer : convs) layer.initialise(rng);
            for (Linear layer : layers()) layer.initialise(rng, spec.sigma0());
        }
    }

    /**
     * Whether hidden layer {@code i} is noisy: with flat observations the first one stays plain, as Rainbow's conv
     * torso does (noise on a handful of raw inputs, sigma0/sqrt(4) per weight on CartPole, swamped the signal).
     */
    private boolean noisyHidden(int i) { return spec.noisy() && (i > 0 || spec.imageShape().length == 3); }

    private List<Linear> layers() {
        List<Linear> all = new ArrayList<>(hidden);
        all.add(actionHead);
        if (valueHead != null) all.add(valueHead);
        return all;
    }

    public Spec spec() { return spec; }

    /** The Q-values of each row of {@code obs} ({@code [n, obsSize]}): {@code [n, numActions]}. Kept for {@link #backward}. */
    public INDArray forward(INDArray obs) {
        INDArray x = obs.dataType() == type ? obs : obs.castTo(type);
        long n = x.size(0);
        Buffers b = buffersFor(n);
        if (!convs.isEmpty()) {
            int[] image = spec.imageShape();
            x = x.reshape('c', n, image[0], image[1], image[2]);
            for (int i = 0; i < convs.size(); i++) {
                convInputs[i] = x;
                x = Transforms.relu(convs.get(i).forward(x, b.convOut[i]), false);
            }
            convInputs[convs.size()] = x;
            x = x.reshape('c', n, x.length() / n);
        }
        for (int i = 0; i < hidden.size(); i++) {
            inputs[i] = x;
            x = Transforms.relu(hidden.get(i).forward(x, b.hiddenOut[i]), false);
        }
        inputs[hidden.size()] = x;
        INDArray q = actionHead.forward(x, b.actionOut);
        if (valueHead == null) return q;
        return q.subiColumnVector(q.mean(true, 1)).addiColumnVector(valueHead.forward(x, b.valueOut));
    }

    private Buffers buffersFor(long n) {
        return buffers.computeIfAbsent(n, rows -> {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return new Buffers(rows);
            }
        });
    }

    /** One batch size's layer outputs and input gradients (the first layer's input gradient only before a torso). */
    private final class Buffers {
        final INDArray[] convOut = new INDArray[convs.size()], convDx = new INDArray[convs.size()];
        final INDArray[] hiddenOut = new INDArray[hidden.size()], hiddenDx = new INDArray[hidden.size()];
        final INDArray actionOut, valueOut, actionDx, valueDx;

        Buffers(long n) {
            for (int i = 0; i < convs.size(); i++) {
                Conv c = convs.get(i);
                convOut[i] = Nd4j.create(type, n, c.filters, c.outH, c.outW);
                convDx[i] = Nd4j.create(type, n, c.inChannels, c.inH, c.inW);
            }
            for (int i = 0; i < hidden.size(); i++) {
                Linear layer = hidden.get(i);
                hiddenOut[i] = Nd4j.create(type, n, layer.nOut);
                hiddenDx[i] = i > 0 || !convs.isEmpty() ? Nd4j.create(type, n, layer.nIn) : null;
            }
            actionOut = Nd4j.create(type, n, actionHead.nOut);
            actionDx = Nd4j.create(type, n, actionHead.nIn);
            valueOut = valueHead == null ? null : Nd4j.create(type, n, 1);
            valueDx = valueHead == null ? null : Nd4j.create(type, n, valueHead.nIn);
        }
    }

    /**
     * Backpropagates {@code dLossdQ} ({@code [n, numActions]}) through the most recent {@link #forward} and returns
     * the flat gradient, aligned with {@link #params()}: a view the next call overwrites.
     */
    public INDArray backward(INDArray dLossdQ) {
        INDArray dq = dLossdQ.dataType() == type ? dLossdQ : dLossdQ.castTo(type);
        Buffers b = buffersFor(dq.size(0));
        INDArray x = inputs[hidden.size()];
        INDArray dx;
        if (valueHead == null) {
            dx = actionHead.backward(x, dq, b.actionDx);
        } else {
            // Q = V + A - mean(A): dV = sum over actions of dQ, dA = dQ - mean(dQ).
            dx = actionHead.backward(x, dq.subColumnVector(dq.mean(true, 1)), b.actionDx);
            dx.addi(valueHead.backward(x, dq.sum(true, 1), b.valueDx));
        }
        for (int i = hidden.size() - 1; i >= 0; i--) {
            reluGradient(inputs[i + 1], dx);
            dx = hidden.get(i).backward(inputs[i], dx, b.hiddenDx[i]);
        }
        if (!convs.isEmpty()) {
            dx = dx.reshape('c', convInputs[convs.size()].shape());
            for (int i = convs.size() - 1; i >= 0; i--) {
                reluGradient(convInputs[i + 1], dx);
                dx = convs.get(i).backward(convInputs[i], dx, b.convDx[i]);
            }
        }
        return gradient;
    }

    /** {@code dy *= ReLU'}, in place: 1 where the unit was active, read off its output {@code y}. */
    private static void reluGradient(INDArray y, INDArray dy) {
        Nd4j.exec(new RectifiedLinearDerivative(y, dy, dy));
    }

    /** The elements of a matrix (a forward pass's values), row by row. */
    public static float[] rowMajor(INDArray matrix) { return matrix.reshape(new long[] {matrix.length()}).toFloatVector(); }

    /** Draws new factorised noise for every noisy layer; nothing without noise. */
    public void resampleNoise(Rng rng) {
        for (Linear layer : layers()) if (layer.noisy) layer.sampleNoise(rng);
    }

    /** Zeroes the noise: the network of the mean weights. */
    public void noiseOff() {
        for (Linear layer : layers()) if (layer.noisy) layer.zeroNoise();
    }

    /** The flat parameter vector, a live view: changing it changes the network. */
    public INDArray params() { return params; }

    public float[] paramsCopy() { return params.toFloatVector(); }

    public long numParams() { return params.length(); }

    public void setParams(float[] values) {
        if (values.length != params.length())
            throw new IllegalArgumentException("expected " + params.length() + " parameters for " + spec + ", got " + values.length);
        params.assign(Nd4j.create(values, new long[] {1, values.length}, DataType.FLOAT).castTo(type));
    }

    /** Moves this network's parameters a fraction {@code tau} towards {@code source}'s (1: a copy). */
    public void polyakUpdate(QNetwork source, double tau) {
        if (tau >= 1) params.assign(source.params);
        else params.muli(1 - tau).addi(source.params.mul(tau));
    }

    /** Maps every output {@code q} to {@code scale * q + shift} exactly, by rescaling the heads (Pop-Art). */
    public void rescaleOutputs(double scale, double shift) {
        actionHead.scale(scale);
        Linear shifted = valueHead == null ? actionHead : valueHead;
        if (valueHead != null) valueHead.scale(scale);
        shifted.b.addi(shift);
    }

    /** A fully connected layer, plain or noisy, whose tensors are views into the network's flat vectors. */
    private final class Linear {
        final int nIn, nOut;
        final boolean noisy;
        final INDArray w, b, dw, db;
        /** Null unless noisy. */
        final INDArray sigmaW, sigmaB, dSigmaW, dSigmaB, noiseIn, noiseOut;
        /** The weight and bias of the most recent forward (noise applied). */
        INDArray weight;

        static long paramCount(int nIn, int nOut, boolean noisy) { return (long) (nIn + 1) * nOut * (noisy ? 2 : 1); }

        Linear(int nIn, int nOut, boolean noisy, long offset) {
            this.nIn = nIn;
            this.nOut = nOut;
            this.noisy = noisy;
            long o = offset;
            w = view(params, o, nIn, nOut);
            dw = view(gradient, o, nIn, nOut);
            o += (long) nIn * nOut;
            b = view(params, o, 1, nOut);
            db = view(gradient, o, 1, nOut);
            o += nOut;
            sigmaW = noisy ? view(params, o, nIn, nOut) : null;
            dSigmaW = noisy ? view(gradient, o, nIn, nOut) : null;
            o += noisy ? (long) nIn * nOut : 0;
            sigmaB = noisy ? view(params, o, 1, nOut) : null;
            dSigmaB = noisy ? view(gradient, o, 1, nOut) : null;
            noiseIn = noisy ? Nd4j.zeros(type, nIn, 1) : null;
            noiseOut = noisy ? Nd4j.zeros(type, 1, nOut) : null;
        }

        void initialise(Rng rng, double sigma0) {
            double bound = 1 / Math.sqrt(nIn);
            fillUniform(w, rng, bound);
            fillUniform(b, rng, bound);
            if (noisy) {
                sigmaW.assign(sigma0 * bound);
                sigmaB.assign(sigma0 * bound);
            }
        }

        /** {@code x W + b} (noise applied) into {@code out}. */
        INDArray forward(INDArray x, INDArray out) {
            INDArray bias = b;
            weight = w;
            if (noisy) {
                weight = w.add(sigmaW.mul(noiseIn.mmul(noiseOut)));
                bias = b.add(sigmaB.mul(noiseOut));
            }
            Nd4j.gemm(x, weight, out, false, false, 1.0, 0.0);
            return out.addiRowVector(bias);
        }

        /**
         * Writes this layer's gradients for output gradient {@code dy} at input {@code x}; returns the input gradient,
         * written into {@code dx} (null: not needed, not computed).
         */
        INDArray backward(INDArray x, INDArray dy, INDArray dx) {
            Nd4j.gemm(x, dy, dw, true, false, 1.0, 0.0);
            db.assign(dy.sum(true, 0));
            if (noisy) {
                dSigmaW.assign(dw.mul(noiseIn.mmul(noiseOut)));
                dSigmaB.assign(db.mul(noiseOut));
            }
            if (dx == null) return null;
            Nd4j.gemm(dy, weight, dx, false, true, 1.0, 0.0);
            return dx;
        }

        void sampleNoise(Rng rng) {
            for (int i = 0; i < nIn; i++) noiseIn.putScalar(i, 0, signedSqrt(rng.nextGaussian()));
            for (int j = 0; j < nOut; j++) noiseOut.putScalar(0, j, signedSqrt(rng.nextGaussian()));
        }

        void zeroNoise() {
            noiseIn.assign(0);
            noiseOut.assign(0);
        }

        void scale(double factor) {
            w.muli(factor);
            b.muli(factor);
            if (noisy) {
                sigmaW.muli(factor);
                sigmaB.muli(factor);
            }
        }
    }

    /**
     * A convolution without padding and its ReLU-free output, through libnd4j's {@code conv2d} and {@code conv2d_bp}
     * ops (NCHW activations); weights {@code [kernel, kernel, inChannels, filters]} (libnd4j's default layout) and
     * bias are views into the network's flat vectors. Initialised as PyTorch's {@code nn.Conv2d}.
     */
    private final class Conv {
        final int inChannels, inH, inW, filters, kernel, stride, outH, outW;
        /** {@code [filters, kernel, stride]}. */
        final int[] layer;
        final INDArray w, b, dw, db;

        static long paramCount(int inChannels, int[] layer) { return (long) layer[1] * layer[1] * inChannels * layer[0] + layer[0]; }

        Conv(int inChannels, int inH, int inW, int[] layer, long offset) {
            this.inChannels = inChannels;
            this.inH = inH;
            this.inW = inW;
            this.layer = layer;
            filters = layer[0];
            kernel = layer[1];
            stride = layer[2];
            outH = ImageInputs.convolved(inH, layer);
            outW = ImageInputs.convolved(inW, layer);
            long weights = (long) kernel * kernel * inChannels * filters;
            w = view(params, offset, (int) weights, 1).reshape('c', kernel, kernel, inChannels, filters);
            dw = view(gradient, offset, (int) weights, 1).reshape('c', kernel, kernel, inChannels, filters);
            b = view(params, offset + weights, 1, filters).reshape(filters);
            db = view(gradient, offset + weights, 1, filters).reshape(filters);
        }

        void initialise(Rng rng) {
            double bound = 1 / Math.sqrt((double) kernel * kernel * inChannels);
            fillUniform(w, rng, bound);
            fillUniform(b, rng, bound);
        }

        INDArray forward(INDArray x, INDArray out) {
            Nd4j.exec(ImageInputs.conv2d("conv2d", layer, ImageInputs.WEIGHTS_KKIO).addInputs(x, w, b).addOutputs(out).build());
            return out;
        }

        /** Writes this layer's gradients for output gradient {@code dy} at input {@code x}; returns the input gradient in {@code dx}. */
        INDArray backward(INDArray x, INDArray dy, INDArray dx) {
            Nd4j.exec(ImageInputs.conv2d("conv2d_bp", layer, ImageInputs.WEIGHTS_KKIO).addInputs(x, w, b, dy).addOutputs(dx, dw, db).build());
            return dx;
        }

    }

    private static double signedSqrt(double x) { return Math.signum(x) * Math.sqrt(Math.abs(x)); }

    /** Rows x cols of {@code flat} from {@code offset}, row-major, as a view. */
    private static INDArray view(INDArray flat, long offset, int rows, int cols) {
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + (long) rows * cols)).reshape('c', rows, cols);
    }

    private static void fillUniform(INDArray target, Rng rng, double bound) {
        double[] values = new double[(int) target.length()];
        for (int i = 0; i < values.length; i++) values[i] = rng.uniform(-bound, bound);
        target.assign(Nd4j.create(values, target.shape(), target.dataType()));
    }
}
