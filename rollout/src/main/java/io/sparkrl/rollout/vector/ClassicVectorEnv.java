package io.sparkrl.rollout.vector;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.classic.ClassicBatch;
import io.sparkrl.rollout.env.classic.ClassicKernel;
import java.io.Serializable;
import java.util.Arrays;

/**
 * N copies of a classic-control env in one {@link ClassicBatch} of the {@link ClassicKernel} the single env uses
 * (the kernel chooses the batch's layout and loops; the dynamics are the single env's), time limit included. Copy {@code i} has its own {@link Rng}
 * (seeded {@code seed + i}), so its episodes are exactly those of a single env seeded the same way.
 */
public final class ClassicVectorEnv implements VectorEnv {
    private final ClassicKernel kernel;
    private final int numEnvs;
    private final int obsSize;
    private final int maxEpisodeSteps;
    /** Number of Discrete actions; 0 for a Box action space, so that every int action goes to the check. */
    private final int numActions;
    private final ClassicBatch batch;
    private final float[] observations;
    private final float[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    /** Vector steps since construction. */
    private long stepCount;
    /** Per copy: the {@link #stepCount} at which its episode is truncated. */
    private final long[] truncateAt;
    /** At most the smallest {@link #truncateAt}: before it, no copy can be truncated. */
    private long nextTruncation;
    /** Whether some {@link #truncated} flag may be set. */
    private boolean anyTruncated;
    private final Rng[] rngs;

    /** {@code maxEpisodeSteps} ≤ 0 means no time limit. */
    public ClassicVectorEnv(ClassicKernel kernel, int numEnvs, int maxEpisodeSteps) {
        if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be positive, got " + numEnvs);
        this.kernel = kernel;
        this.numEnvs = numEnvs;
        this.obsSize = kernel.obsSize();
        this.maxEpisodeSteps = maxEpisodeSteps > 0 ? maxEpisodeSteps : Integer.MAX_VALUE;
        this.numActions = kernel.actionSpace() instanceof Space.Discrete d ? d.n() : 0;
        batch = kernel.newBatch(numEnvs);
        observations = new float[numEnvs * obsSize];
        finalObservations = new float[numEnvs * obsSize];
        rewards = new double[numEnvs];
        terminated = new boolean[numEnvs];
        truncated = new boolean[numEnvs];
        truncateAt = new long[numEnvs];
        Arrays.fill(truncateAt, this.maxEpisodeSteps);
        nextTruncation = this.maxEpisodeSteps;
        rngs = new Rng[numEnvs];
        for (int i = 0; i < numEnvs; i++) rngs[i] = new Rng(0);
    }

    @Override public int numEnvs() { return numEnvs; }

    @Override public Space singleObservationSpace() { return kernel.observationSpace(); }

    @Override public Space singleActionSpace() { return kernel.actionSpace(); }

    @Override public void reset(long seed) {
        for (int i = 0; i < numEnvs; i++) {
            rngs[i].seed(seed + i);
            startEpisode(i);
            terminated[i] = truncated[i] = false;
            rewards[i] = 0;
        }
        nextTruncation = stepCount + maxEpisodeSteps;
        anyTruncated = false;
    }

    @Override public void step(int[] actions) {
        checkLength(actions.length);
        for (int i = 0; i < numEnvs; i++) {
            int a = actions[i];
            if (a < 0 || a >= numActions) kernel.checkAction(a);
        }
        batch.step(actions, rewards, terminated, observations);
        endEpisodes();
    }

    @Override public void step(float[] actions) {
        kernel.checkBoxActions(actions.length, numEnvs);
        batch.step(actions, rewards, terminated, observations);
        endEpisodes();
    }

    private void checkLength(int length) {
        if (length != numEnvs)
            throw new IllegalArgumentException(kernel.spec().id() + ": expected " + numEnvs + " actions, got " + length);
    }

    /**
     * Time limit and same-step auto-reset, after the batch has stepped every copy and observed its new state. Most
     * steps truncate nothing, and then only the terminated flags need a look.
     */
    private void endEpisodes() {
        long now = ++stepCount;
        if (now < nextTruncation) {
            if (anyTruncated) {
                Arrays.fill(truncated, false);
                anyTruncated = false;
            }
            for (int i = 0; i < numEnvs; i++) if (terminated[i]) endEpisode(i);
        } else {
            long next = Long.MAX_VALUE;
            boolean any = false;
            for (int i = 0; i < numEnvs; i++) {
                boolean trunc = now >= truncateAt[i];
                truncated[i] = trunc;
                any |= trunc;
                if (trunc || terminated[i]) endEpisode(i);
                next = Math.min(next, truncateAt[i]);
            }
            nextTruncation = next;
            anyTruncated = any;
        }
    }

    private void endEpisode(int i) {
        int o = i * obsSize;
        for (int k = 0; k < obsSize; k++) finalObservations[o + k] = observations[o + k];
        startEpisode(i);
    }

    private void startEpisode(int i) {
        truncateAt[i] = stepCount + maxEpisodeSteps;
        batch.reset(i, rngs[i]);
        batch.observe(i, observations, i * obsSize);
    }

    /** Copy {@code i}'s physical state (a new array), for tests and debugging. */
    public double[] state(int i) {
        return batch.state(i);
    }

    /**
     * Sets copy {@code i}'s physical state, for tests and debugging: its observation is left as it was and its
     * episode goes on (step count and random stream included).
     */
    public void setState(int i, double[] s) {
        batch.setState(i, s);
    }

    /** The copies' physics, time-limit counters and random streams: {@link VectorEnv#snapshot()}. */
    record Snapshot(String envId, double[][] states, int[] elapsedSteps, long[][] rngStates) implements Serializable {}

    @Override public Serializable snapshot() {
        double[][] states = new double[numEnvs][];
        int[] elapsed = new int[numEnvs];
        long[][] rngStates = new long[numEnvs][];
        for (int i = 0; i < numEnvs; i++) {
            states[i] = batch.state(i);
            elapsed[i] = (int) (stepCount - (truncateAt[i] - maxEpisodeSteps));
            rngStates[i] = rngs[i].state();
        }
        return new Snapshot(kernel.spec().id(), states, elapsed, rngStates);
    }

    @Override public void restore(Serializable snapshot) {
        if (!(snapshot instanceof Snapshot s) || !s.envId().equals(kernel.spec().id()) || s.states().length != numEnvs)
            throw new IllegalArgumentException("not a snapshot of " + numEnvs + " copies of " + kernel.spec().id() + ": " + snapshot);
        long next = Long.MAX_VALUE;
        for (int i = 0; i < numEnvs; i++) {
            batch.setState(i, s.states()[i]);
            batch.observe(i, observations, i * obsSize);
            rngs[i].setState(s.rngStates()[i]);
            truncateAt[i] = stepCount + maxEpisodeSteps - s.elapsedSteps()[i];
            next = Math.min(next, truncateAt[i]);
            terminated[i] = truncated[i] = false;
            rewards[i] = 0;
        }
        nextTruncation = next;
        anyTruncated = false;
    }

    @Override public float[] observations() { return observations; }

    @Override public float[] finalObservations() { return finalObservations; }

    @Override public double[] rewards() { return rewards; }

    @Override public boolean[] terminated() { return terminated; }

    @Override public boolean[] truncated() { return truncated; }
}
