package io.sparkrl.storage.replay;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A circular replay buffer for DQN-family learners that stores each observation once, in primitive arrays (no
 * object per transition).
 *
 * <p><b>Streams and entries.</b> Each env slot feeding the learner is a stream, with a ring of
 * {@link Config#streamCapacity()} entries. {@link #add} appends a segment's slot k, step by step, to stream
 * {@code firstStream + k}. An entry holds a step's observation (for frame stacks only the newest frame, see
 * {@link FrameStackLayout}), its action, raw reward and flags; the step's next observation is the stream's next
 * entry. A step that ends an episode is followed by a final-observation entry holding its {@code nextObs}, never
 * sampled itself. Capacity counts entries, so a full buffer holds one transition fewer per episode end in it.
 *
 * <p><b>Sampling.</b> Step t's n-step window runs up to the first step that ends an episode, at most nSteps
 * steps (m); its bootstrap observation is entry t+m: the final observation where the window ends with the
 * episode, else the observation n steps later. A step can be sampled once its window and bootstrap entry are
 * stored, and while its frame history is stored (back to its episode's first step or stack-1 entries, whichever
 * is nearer). Uniform sampling draws each such transition with equal probability, with replacement; prioritised
 * sampling is proportional (Schaul et al. 2016), stratified over the batch. Deterministic given the {@link Rng}.
 *
 * <p>Not thread-safe.
 */
public final class ReplayBuffer {
    /** Most transitions one buffer holds (some 1.9 TB of 84x84 frames), so that every index fits an int. */
    public static final long MAX_CAPACITY = 1L << 28;

    /** Entry flags: the episode's first step, how the step ended, a final-observation entry, sampleable now. */
    private static final int FIRST = 1, TERMINATED = 2, TRUNCATED = 4, FINAL = 8, SAMPLEABLE = 16;

    /**
     * What a buffer stores and how it samples.
     *
     * @param capacity    transitions (entries, final-observation entries included), split evenly over the streams
     *                    and rounded up to a multiple of {@code numStreams}
     * @param numStreams  env slots feeding the buffer
     * @param actionWidth 1 for discrete actions, else the Box action's size
     * @param nSteps      steps summed into each return (1: one-step DQN)
     * @param gamma       discount per step
     * @param prioritized proportional prioritised replay; {@code alpha} and {@code priorityEps} apply only then
     * @param alpha       priority exponent: P(i) is proportional to p_i^alpha
     * @param priorityEps added to |TD error|, so that no transition's priority is 0
     */
    public record Config(Layout layout, long capacity, int numStreams, boolean discreteActions, int actionWidth,
                         int nSteps, double gamma, boolean prioritized, double alpha, double priorityEps) {
        public Config {
            if (layout == null) throw new BadInputException("replay layout is missing: give a VectorLayout or a FrameStackLayout");
            if (capacity < 1 || capacity > MAX_CAPACITY)
                throw new BadInputException("replay capacity must be 1.." + MAX_CAPACITY + " transitions, got " + capacity);
            if (numStreams < 1 || numStreams > capacity)
                throw new BadInputException("replay numStreams (one per env slot) must be 1..capacity, got " + numStreams);
            if (discreteActions ? actionWidth != 1 : actionWidth < 1 || actionWidth > 1 << 16)
                throw new BadInputException("replay actionWidth must be " + (discreteActions ? "1 for discrete actions" : "1..65536")
                        + ", got " + actionWidth);
            if (nSteps < 1) throw new BadInputException("replay nSteps must be at least 1, got " + nSteps);
            if (!(gamma >= 0 && gamma <= 1)) throw new BadInputException("replay gamma must be in [0, 1], got " + gamma);
            if (prioritized && !(alpha >= 0 && alpha < Double.POSITIVE_INFINITY))
                throw new BadInputException("replay alpha must be >= 0 (0: uniform), got " + alpha);
            if (prioritized && !(priorityEps > 0 && priorityEps < Double.POSITIVE_INFINITY))
                throw new BadInputException("replay priorityEps must be > 0 (it keeps every transition sampleable), got " + priorityEps);
            long streamCapacity = (capacity + numStreams - 1) / numStreams, needed = nSteps + layout.stack();
            if (streamCapacity < needed)
                throw new BadInputException("replay capacity " + capacity + " gives " + streamCapacity + " entries per stream, too few for nSteps "
                        + nSteps + " and stacks of " + layout.stack() + ": raise capacity to at least " + needed * numStreams);
        }

        /** Entries in each stream's ring. */
        public int streamCapacity() { return (int) ((capacity + numStreams - 1) / numStreams); }

        /** Entries in all rings: {@code capacity} rounded up to a multiple of {@code numStreams}. */
        public long entries() { return (long) streamCapacity() * numStreams; }

        /** Bytes of one entry: observation, action, reward, flags. */
        int entryBytes() { return layout.storedBytes() + Integer.BYTES * actionWidth + Float.BYTES + 1; }
    }

    private final Config config;
    private final Layout layout;
    private final int numStreams, streamCapacity, actionOffset, rewardOffset, flagsOffset;
    /** Entry {@code seq} of stream s is record {@code (seq % streamCapacity) * numStreams + s}, so chunks fill in order. */
    final RecordChunks records;
    /** Per record, p^alpha where sampleable, else 0; null without prioritised replay. */
    final PriorityTrees priorities;
    /** Entries ever appended to each stream: the next entry's sequence number. */
    final long[] written;
    long sampleableCount;
    double maxPriority = 1;
    /** Entries stored in the streams before each stream, and in all at the end: to draw a stored entry uniformly. */
    private final long[] storedBefore;
    private ReplayBatch batch;

    public ReplayBuffer(Config config) {
        this.config = config;
        layout = config.layout();
        numStreams = config.numStreams();
        streamCapacity = config.streamCapacity();
        actionOffset = layout.storedBytes();
        rewardOffset = actionOffset + Integer.BYTES * config.actionWidth();
        flagsOffset = rewardOffset + Float.BYTES;
        records = new RecordChunks(config.entries(), config.entryBytes());
        priorities = config.prioritized() ? new PriorityTrees(Math.toIntExact(config.entries())) : null;
        written = new long[numStreams];
        storedBefore = new long[numStreams + 1];
    }

    public Config config() { return config; }

    /** Transitions that can be sampled now. */
    public long size() { return sampleableCount; }

    /**
     * Heap bytes of a full buffer: the entries, the priority trees and the per-stream arrays (not the reused
     * sample batch). Entries are allocated as they are written; the trees up front.
     */
    public static long requiredBytes(Config config) {
        return RecordChunks.bytesWhenFull(config.entries(), config.entryBytes()) + streamBytes(config.numStreams())
                + (config.prioritized() ? PriorityTrees.bytes(Math.toIntExact(config.entries())) : 0);
    }

    /** Heap bytes taken now, counted as {@link #requiredBytes}. */
    public long bytesUsed() {
        return records.bytesUsed() + streamBytes(numStreams) + (priorities == null ? 0 : PriorityTrees.bytes(priorities.leaves));
    }

    private static long streamBytes(int numStreams) {
        return HeapSizes.array(numStreams, Long.BYTES) + HeapSizes.array(numStreams + 1, Long.BYTES);
    }

    /**
     * Appends slot k of {@code seg} to stream {@code firstStream + k}, step by step (array copies, O(rows)). The
     * segments of one stream must come in order, each continuing where the previous one stopped.
     */
    public void add(Segment seg, int firstStream) {
        if (seg.obsSize != layout.obsSize() || seg.discrete() != config.discreteActions() || seg.actionWidth != config.actionWidth())
            throw new IllegalArgumentException("segment of " + seg.obsSize + "-float observations and " + seg.actionWidth
                    + (seg.discrete() ? " discrete" : " Box") + " action(s) does not fit replay config " + config);
        if (firstStream < 0 || firstStream + seg.numEnvs > numStreams)
            throw new IllegalArgumentException("streams " + firstStream + ".." + (firstStream + seg.numEnvs - 1)
                    + " are outside the buffer's " + numStreams);
        for (int k = 0; k < seg.numEnvs; k++) {
            int stream = firstStream + k;
            long firstNew = written[stream];
            for (int t = 0; t < seg.numSteps; t++) appendStep(stream, seg, t * seg.numEnvs + k);
            refreshSampleable(stream, firstNew);
        }
        countStored();
    }

    private void appendStep(int stream, Segment seg, int row) {
        boolean terminated = seg.terminated[row], truncated = seg.truncated[row];
        int flags = (seg.stepInEpisode[row] == 0 ? FIRST : 0) | (terminated ? TERMINATED : 0) | (truncated ? TRUNCATED : 0);
        long r = append(stream, seg.obs, row * seg.obsSize, flags);
        byte[] chunk = records.read(r);
        int at = records.offset(r);
        if (seg.discrete()) LittleEndian.putInt(chunk, at + actionOffset, seg.discreteActions[row]);
        else for (int j = 0; j < seg.actionWidth; j++)
            LittleEndian.putFloat(chunk, at + actionOffset + Float.BYTES * j, seg.continuousActions[row * seg.actionWidth + j]);
        LittleEndian.putFloat(chunk, at + rewardOffset, seg.rewards[row]);
        // Otherwise the next step's entry holds this step's next observation.
        if (terminated || truncated) append(stream, seg.nextObs, row * seg.obsSize, FINAL);
    }

    /**
     * Writes the observation and flags of a new entry at the stream's head, retiring the entry it overwrites, and
     * returns its record; action and reward are the caller's (a final-observation entry has none).
     */
    private long append(int stream, float[] obs, int obsOffset, int flags) {
        long seq = written[stream];
        if (seq >= streamCapacity) setSampleable(stream, seq - streamCapacity, false);
        long r = record(stream, seq);
        byte[] chunk = records.write(r);
        int at = records.offset(r);
        layout.store(obs, obsOffset, chunk, at);
        chunk[at + flagsOffset] = (byte) flags;
        written[stream] = seq + 1;
        return r;
    }

    /**
     * Re-decides the entries that appends since {@code firstNew} can have made sampleable or not: those whose window
     * may now be complete (from nSteps before the first new entry), and the oldest stack-1, whose frame history the
     * ring may have overwritten.
     */
    private void refreshSampleable(int stream, long firstNew) {
        long oldest = oldest(stream);
        long windowsFrom = Math.max(oldest, firstNew - config.nSteps());
        for (long seq = windowsFrom; seq < written[stream]; seq++) setSampleable(stream, seq, canSample(stream, seq));
        long historiesTo = Math.min(oldest + layout.stack() - 1, windowsFrom);
        for (long seq = oldest; seq < historiesTo; seq++) setSampleable(stream, seq, canSample(stream, seq));
    }

    private boolean canSample(int stream, long seq) {
        if ((flags(stream, seq) & FINAL) != 0) return false;
        int m = windowLength(stream, seq);
        return m > 0 && seq + m < written[stream] && historyStored(stream, seq);
    }

    /** The steps m in the window of step {@code seq}, or -1 while they are not all stored. */
    private int windowLength(int stream, long seq) {
        for (int k = 0; k < config.nSteps(); k++) {
            if (seq + k >= written[stream]) return -1;
            if ((flags(stream, seq + k) & (TERMINATED | TRUNCATED)) != 0) return k + 1;
        }
        return config.nSteps();
    }

    /** Whether the frames of entry {@code seq}'s stack are stored: back to its episode's first step or stack-1 entries. */
    private boolean historyStored(int stream, long seq) {
        long oldest = oldest(stream);
        for (long e = seq; e > seq - (layout.stack() - 1); e--) {
            if ((flags(stream, e) & FIRST) != 0) return true;
            if (e - 1 < oldest) return false;
        }
        return true;
    }

    /** Marks an entry sampleable or not; one becoming sampleable gets the highest priority seen so far. */
    private void setSampleable(int stream, long seq, boolean sampleable) {
        long r = record(stream, seq);
        byte[] chunk = records.read(r);
        int at = records.offset(r) + flagsOffset;
        if (((chunk[at] & SAMPLEABLE) != 0) == sampleable) return;
        chunk[at] ^= SAMPLEABLE;
        sampleableCount += sampleable ? 1 : -1;
        if (priorities != null) priorities.set((int) r, sampleable ? Math.pow(maxPriority, config.alpha()) : 0);
    }

    /**
     * Samples {@code batchSize} transitions, with replacement: uniformly, or for prioritised replay in proportion to
     * p^alpha (one draw from each of {@code batchSize} equal slices of the total, as Schaul et al.) with importance
     * weights {@code (N P(i))^-beta} divided by their largest possible value (N: the sampleable transitions). The
     * returned batch is the buffer's own, reused: the next call overwrites it.
     *
     * @throws IllegalStateException if no transition can be sampled yet
     */
    public ReplayBatch sample(int batchSize, Rng rng, double beta) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        if (!(beta >= 0)) throw new IllegalArgumentException("beta must be >= 0, got " + beta);
        if (sampleableCount == 0)
            throw new IllegalStateException("the replay buffer has no transition to sample yet: add more steps first");
        if (batch == null || batch.size != batchSize) {
            batch = new ReplayBatch(batchSize, layout.obsSize(), config.discreteActions(), config.actionWidth());
            Arrays.fill(batch.weights, 1);
        }
        if (priorities == null) {
            for (int i = 0; i < batchSize; i++) fill(batch, i, drawUniform(rng));
        } else {
            double stratum = priorities.total() / batchSize, min = priorities.min();
            for (int i = 0; i < batchSize; i++) {
                int r = priorities.find((i + rng.nextDouble()) * stratum);
                fill(batch, i, indexOf(r));
                batch.weights[i] = (float) Math.pow(priorities.get(r) / min, -beta);
            }
        }
        return batch;
    }

    /** A uniformly drawn sampleable transition: stored entries drawn uniformly until one is sampleable. */
    private long drawUniform(Rng rng) {
        while (true) {
            int u = rng.nextInt((int) storedBefore[numStreams]);
            int stream = streamHolding(u);
            long seq = oldest(stream) + (u - storedBefore[stream]);
            if ((flags(stream, seq) & SAMPLEABLE) != 0) return seq * numStreams + stream;
        }
    }

    /** The stream holding the {@code u}-th stored entry: the last with {@code storedBefore <= u}. */
    private int streamHolding(long u) {
        int low = 0, high = numStreams - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (storedBefore[mid] <= u) low = mid;
            else high = mid - 1;
        }
        return low;
    }

    private void countStored() {
        for (int s = 0; s < numStreams; s++) storedBefore[s + 1] = storedBefore[s] + written[s] - oldest(s);
    }

    /** The transition index ({@code seq * numStreams + stream}) of the entry in record {@code r}. */
    private long indexOf(long r) {
        int stream = (int) (r % numStreams);
        long oldest = oldest(stream);
        long seq = oldest + Math.floorMod(r / numStreams - oldest, (long) streamCapacity);
        return seq * numStreams + stream;
    }

    /** Writes transition {@code index} to row i of {@code out}: observation, action, n-step return and bootstrap. */
    private void fill(ReplayBatch out, int i, long index) {
        int stream = (int) (index % numStreams);
        long seq = index / numStreams;
        stackInto(stream, seq, out.obs, i * out.obsSize, Long.MIN_VALUE, null, 0);
        long r = record(stream, seq);
        byte[] chunk = records.read(r);
        int at = records.offset(r) + actionOffset;
        if (out.actions != null) out.actions[i] = LittleEndian.getInt(chunk, at);
        else for (int j = 0; j < out.actionWidth; j++)
            out.continuousActions[i * out.actionWidth + j] = LittleEndian.getFloat(chunk, at + Float.BYTES * j);

        int m = windowLength(stream, seq);
        double ret = 0, discount = 1;
        for (int k = 0; k < m; k++) {
            ret += discount * reward(stream, seq + k);
            discount *= config.gamma();
        }
        boolean terminated = (flags(stream, seq + m - 1) & TERMINATED) != 0;
        out.returns[i] = (float) ret;
        out.discounts[i] = terminated ? 0 : (float) discount;
        stackInto(stream, seq + m, out.nextObs, i * out.obsSize, seq, out.obs, i * out.obsSize);
        out.indices[i] = index;
    }

    /**
     * Writes entry {@code seq}'s observation: its frame, then earlier ones back to its episode's first step, then
     * zeros. Where the walk reaches {@code knownSeq}, whose observation is already at {@code known[knownOffset...]},
     * the older frames are copied from there instead of decoded: they are the same, shifted by
     * {@code seq - knownSeq} frames, since neither stack crosses an episode start after {@code knownSeq}.
     */
    private void stackInto(int stream, long seq, float[] dst, int offset, long knownSeq, float[] known, int knownOffset) {
        int frameSize = layout.frameSize();
        int slot = layout.stack() - 1;
        for (long e = seq; ; e--, slot--) {
            if (e == knownSeq) {
                System.arraycopy(known, knownOffset + (int) (seq - knownSeq) * frameSize, dst, offset, (slot + 1) * frameSize);
                return;
            }
            long r = record(stream, e);
            layout.load(records.read(r), records.offset(r), dst, offset + slot * frameSize);
            if (slot == 0 || (flags(stream, e) & FIRST) != 0) break;
        }
        Arrays.fill(dst, offset, offset + slot * frameSize, 0f);
    }

    /**
     * Sets sampled transitions' priorities to |tdError| + priorityEps. Transitions overwritten since they were
     * sampled are skipped.
     */
    public void updatePriorities(long[] indices, float[] tdErrors) {
        if (priorities == null) throw new IllegalStateException("updatePriorities needs a prioritized replay buffer");
        if (indices.length != tdErrors.length)
            throw new IllegalArgumentException(indices.length + " indices but " + tdErrors.length + " TD errors");
        for (int i = 0; i < indices.length; i++) {
            if (!Float.isFinite(tdErrors[i]))
                throw new IllegalArgumentException("TD error " + i + " is " + tdErrors[i] + ": the learner has diverged");
            int stream = (int) Math.floorMod(indices[i], (long) numStreams);
            long seq = Math.floorDiv(indices[i], (long) numStreams);
            if (seq < oldest(stream) || seq >= written[stream] || (flags(stream, seq) & SAMPLEABLE) == 0) continue;
            double priority = Math.abs(tdErrors[i]) + config.priorityEps();
            maxPriority = Math.max(maxPriority, priority);
            priorities.set((int) record(stream, seq), Math.pow(priority, config.alpha()));
        }
    }

    /** Writes the whole buffer to {@code file} (compressed, checksummed, atomically); see {@link #load}. */
    public void save(Path file) { ReplayFile.save(this, file); }

    /**
     * A buffer read back from {@link #save}: it samples exactly what the saved one would have. A truncated, corrupt
     * or foreign file throws {@link BadInputException}.
     */
    public static ReplayBuffer load(Path file) { return ReplayFile.load(file); }

    /** After a load: recomputes what is derived from the stream positions. */
    void restored() { countStored(); }

    private long oldest(int stream) { return Math.max(0, written[stream] - streamCapacity); }

    private long record(int stream, long seq) { return (seq % streamCapacity) * numStreams + stream; }

    private float reward(int stream, long seq) {
        long r = record(stream, seq);
        return LittleEndian.getFloat(records.read(r), records.offset(r) + rewardOffset);
    }

    private int flags(int stream, long seq) {
        long r = record(stream, seq);
        return records.read(r)[records.offset(r) + flagsOffset];
    }
}
