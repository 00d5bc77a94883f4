package io.sparkrl.storage.replay;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Replay buffer memory and sampling speed at Atari size, on the calling thread: fills a
 * {@code FrameStackLayout(4, 84, 84)} buffer (discrete actions, 3-step returns) from synthetic frames in segments
 * of {@value #SEGMENT_STEPS} steps x {@value #STREAMS} env slots, episodes of about 1000 steps, then times batches
 * of {@value #BATCH} after an untimed warm-up. Prioritised batches include the priority update a learner makes.
 */
public final class ReplayThroughput {
    private static final int STREAMS = 8, SEGMENT_STEPS = 32, BATCH = 32, FRAME_PATTERNS = 64;
    private static final FrameStackLayout ATARI = new FrameStackLayout(4, 84, 84);
    /** What is measured, for the report. */
    public static final String SETUP = "FrameStackLayout(4, 84, 84), discrete actions, " + STREAMS + " streams, 3-step returns, "
            + "episodes of ~1000 steps, batches of " + BATCH + " sampled on one thread";

    /**
     * Bytes per transition as heap growth after full GCs and as {@link ReplayBuffer#bytesUsed()} counts them; batches
     * per wall-clock second and per second of the thread's CPU time (steadier on a shared machine).
     */
    public record Result(long transitions, boolean prioritized, double heapBytesPerTransition,
                         double countedBytesPerTransition, double fillSeconds, double batchesPerSecond,
                         double batchesPerCpuSecond, double checksum) {
        @Override public String toString() {
            return String.format("%-11s %,d transitions: %,.0f B/transition on the heap (bytesUsed: %,.0f), filled in %.1f s, "
                            + "%,.0f batches of %d/s (%,.0f per CPU second)%s", prioritized ? "prioritised" : "uniform", transitions,
                    heapBytesPerTransition, countedBytesPerTransition, fillSeconds, batchesPerSecond, BATCH,
                    batchesPerCpuSecond, prioritized ? ", sample + priority update" : "");
        }
    }

    private ReplayThroughput() {}

    public static ReplayBuffer.Config config(long transitions, boolean prioritized) {
        return new ReplayBuffer.Config(ATARI, transitions, STREAMS, true, 1, 3, 0.99, prioritized, 0.6, 1e-6);
    }

    /** Fills a buffer of {@code transitions} and samples from it for about {@code seconds}. */
    public static Result run(long transitions, boolean prioritized, double seconds) {
        ReplayBuffer.Config config = config(transitions, prioritized);
        long required = ReplayBuffer.requiredBytes(config), max = Runtime.getRuntime().maxMemory();
        if (required > 0.9 * max)
            throw new BadInputException(String.format("a replay buffer of %,d transitions needs %.1f GB of heap, the JVM has %.1f GB: "
                    + "set SPARKRL_JAVA_OPTS=-Xmx%dg or give fewer transitions", transitions, required / 1e9, max / 1e9,
                    (long) Math.ceil(required / 0.8 / (1L << 30))));
        Segment seg = new Segment(SEGMENT_STEPS, STREAMS, ATARI.obsSize(), true, 1);
        float[][] frames = syntheticFrames();
        long heapBefore = heapAfterGc();
        ReplayBuffer buffer = new ReplayBuffer(config);
        long start = System.nanoTime();
        for (long step = 0; step < config.streamCapacity(); step += SEGMENT_STEPS) buffer.add(nextSegment(seg, step, frames), 0);
        double fillSeconds = (System.nanoTime() - start) * 1e-9;
        long heapAfter = heapAfterGc();

        Rng rng = new Rng(0);
        sample(buffer, rng, 500);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long batches = 0;
        double checksum = 0;
        start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        while (System.nanoTime() - start < seconds * 1e9) {
            checksum += sample(buffer, rng, 100);
            batches += 100;
        }
        double elapsed = (System.nanoTime() - start) * 1e-9, cpu = (threads.getCurrentThreadCpuTime() - cpuStart) * 1e-9;
        return new Result(transitions, prioritized, (heapAfter - heapBefore) / (double) transitions,
                buffer.bytesUsed() / (double) transitions, fillSeconds, batches / elapsed, batches / cpu, checksum);
    }

    /** Samples {@code batches} batches (updating priorities from made-up TD errors where prioritised). */
    private static double sample(ReplayBuffer buffer, Rng rng, int batches) {
        float[] tdErrors = new float[BATCH];
        double checksum = 0;
        for (int b = 0; b < batches; b++) {
            ReplayBatch batch = buffer.sample(BATCH, rng, 0.4);
            checksum += batch.returns[0] + batch.obs[rng.nextInt(batch.obs.length)] + batch.nextObs[rng.nextInt(batch.obs.length)];
            if (buffer.config().prioritized()) {
                for (int i = 0; i < BATCH; i++) tdErrors[i] = (float) rng.nextGaussian();
                buffer.updatePriorities(batch.indices, tdErrors);
            }
        }
        return checksum;
    }

    /** Distinct 84x84 frames to cycle through. */
    private static float[][] syntheticFrames() {
        Rng rng = new Rng(1);
        float[][] frames = new float[FRAME_PATTERNS][ATARI.frameSize()];
        for (float[] frame : frames) for (int i = 0; i < frame.length; i++) frame[i] = rng.nextInt(256);
        return frames;
    }

    /**
     * Overwrites {@code seg} with steps {@code first...} of every slot: the newest frame of each observation (the
     * buffer stores nothing else), action, reward, and episodes of 1000 + 10k steps in slot k, alternately
     * terminated and truncated.
     */
    private static Segment nextSegment(Segment seg, long first, float[][] frames) {
        int frameSize = ATARI.frameSize(), newest = ATARI.obsSize() - frameSize;
        for (int t = 0; t < seg.numSteps; t++) {
            for (int k = 0; k < seg.numEnvs; k++) {
                int row = t * seg.numEnvs + k, episodeLength = 1000 + 10 * k;
                long step = first + t;
                System.arraycopy(frames[(int) ((step + k) % FRAME_PATTERNS)], 0, seg.obs, row * seg.obsSize + newest, frameSize);
                seg.discreteActions[row] = (int) (step % 4);
                seg.rewards[row] = step % 7 == 0 ? 1 : 0;
                seg.stepInEpisode[row] = (int) (step % episodeLength);
                boolean ends = seg.stepInEpisode[row] == episodeLength - 1, odd = step / episodeLength % 2 == 1;
                seg.terminated[row] = ends && !odd;
                seg.truncated[row] = ends && odd;
                if (ends) System.arraycopy(frames[(int) ((step + k + 1) % FRAME_PATTERNS)], 0, seg.nextObs, row * seg.obsSize + newest, frameSize);
            }
        }
        return seg;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code ReplayThroughput [transitions [seconds]]}: uniform, then prioritised. */
    public static void main(String[] args) {
        long transitions = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        System.out.println(SETUP);
        System.out.println(run(transitions, false, seconds));
        System.out.println(run(transitions, true, seconds));
    }
}
