package io.sparkrl.rollout.runner;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.ActionBatch;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.vector.VectorEnv;
import java.io.Serializable;

/**
 * Steps a vector env with a {@link BatchPolicy} (one batched call per step) and records {@link Segment}s.
 * Episodes run across segments: the collector's whole state (env snapshot, policy RNG, per-copy episode
 * bookkeeping) is a serializable {@link State}, so a Spark task can continue exactly where the previous
 * iteration's task stopped, on any executor, and a resumed run continues exactly.
 *
 * <p>The copies are slots {@code firstSlot .. firstSlot+numEnvs-1} of {@code totalSlots} in the whole run: slot
 * {@code s} is seeded {@code seed + s} and its {@code j}-th episode has id {@code j * totalSlots + s}, so ids are
 * unique and fixed by the seed, never by scheduling.
 */
public final class SegmentCollector {

    /** Everything needed to continue collecting. */
    public record State(Serializable envSnapshot, long[] rngState, int firstSlot, int totalSlots, long seed,
                        long[] episodeIndex, double[] episodeReturn, int[] episodeLength, long[] episodeStartStep,
                        long[] episodeStartMillis) implements Serializable {}

    private final VectorEnv env;
    private final int numEnvs, obsSize, actSize;
    private final boolean discrete;
    private final Rng rng = new Rng(0);
    private final ActionBatch actions;
    private final float[] bootstrapScratch;
    private State bookkeeping;

    private SegmentCollector(VectorEnv env) {
        this.env = env;
        this.numEnvs = env.numEnvs();
        this.obsSize = env.obsSize();
        this.actions = new ActionBatch(numEnvs, env.singleActionSpace());
        this.actSize = actions.actSize;
        this.discrete = actions.discrete != null;
        this.bootstrapScratch = new float[numEnvs];
    }

    /** A new collector: resets the env (slot s seeded {@code seed + s}) and starts every slot's first episode. */
    public static SegmentCollector start(VectorEnv env, long seed, int firstSlot, int totalSlots, long startGlobalStep) {
        SegmentCollector c = new SegmentCollector(env);
        env.reset(seed + firstSlot);
        c.rng.seed(seed ^ (0xA5A5A5A5L + firstSlot));
        int n = env.numEnvs();
        long[] startStep = new long[n], startMillis = new long[n];
        long now = System.currentTimeMillis();
        for (int k = 0; k < n; k++) {
            startStep[k] = startGlobalStep;
            startMillis[k] = now;
        }
        c.bookkeeping = new State(null, null, firstSlot, totalSlots, seed, new long[n], new double[n], new int[n],
                startStep, startMillis);
        return c;
    }

    /** A collector continuing from {@code state} on a fresh env of the same id and size. */
    public static SegmentCollector resume(VectorEnv env, State state) { return resume(env, state, false); }

    /**
     * A collector continuing from {@code state}; {@code envAtState} says {@code env} is the very env that state was
     * taken from, not stepped since (kept alive between tasks), so restoring its snapshot can be skipped.
     */
    public static SegmentCollector resume(VectorEnv env, State state, boolean envAtState) {
        if (state.episodeIndex().length != env.numEnvs())
            throw new IllegalArgumentException("collector state has " + state.episodeIndex().length + " envs, the env has " + env.numEnvs());
        SegmentCollector c = new SegmentCollector(env);
        if (!envAtState) env.restore(state.envSnapshot());
        c.rng.setState(state.rngState());
        c.bookkeeping = state;
        return c;
    }

    /** The state after the last {@link #collect}, to continue later. */
    public State state() {
        State b = bookkeeping;
        return new State(env.snapshot(), rng.state(), b.firstSlot(), b.totalSlots(), b.seed(), b.episodeIndex().clone(),
                b.episodeReturn().clone(), b.episodeLength().clone(), b.episodeStartStep().clone(),
                b.episodeStartMillis().clone());
    }

    /** A new segment of {@code steps} steps sized for this collector's env. */
    public Segment newSegment(int steps) {
        return new Segment(steps, numEnvs, obsSize, discrete, actSize);
    }

    /**
     * Fills {@code out} (sized by {@link #newSegment}) with the next {@code out.numSteps} steps of every slot.
     * {@code firstGlobalStep} is the run's env-step count (all slots together) before this segment; every step
     * of all slots adds {@code totalSlots}.
     */
    public Segment collect(BatchPolicy policy, Segment out, long firstGlobalStep) {
        if (out.numEnvs != numEnvs || out.obsSize != obsSize)
            throw new IllegalArgumentException("segment has " + out.numEnvs + " slots of " + out.obsSize
                    + " floats, the env " + numEnvs + " of " + obsSize);
        out.firstGlobalStep = firstGlobalStep;
        out.finishedEpisodes.clear();
        State b = bookkeeping;
        int totalSlots = b.totalSlots();
        for (int t = 0; t < out.numSteps; t++) {
            int row0 = t * numEnvs;
            float[] current = env.observations();
            System.arraycopy(current, 0, out.obs, row0 * obsSize, numEnvs * obsSize);
            policy.act(current, numEnvs, rng, false, actions);
            System.arraycopy(actions.logProb, 0, out.logProbs, row0, numEnvs);
            System.arraycopy(actions.value, 0, out.values, row0, numEnvs);
            if (discrete) {
                System.arraycopy(actions.discrete, 0, out.discreteActions, row0, numEnvs);
                env.step(actions.discrete);
            } else {
                System.arraycopy(actions.continuous, 0, out.continuousActions, row0 * actSize, numEnvs * actSize);
                env.step(actions.continuous);
            }
            float[] after = env.observations(), finals = env.finalObservations();
            double[] r = env.rewards();
            boolean[] term = env.terminated(), trunc = env.truncated();
            boolean anyTruncated = false;
            for (int k = 0; k < numEnvs; k++) {
                int row = row0 + k;
                boolean done = term[k] || trunc[k];
                System.arraycopy(done ? finals : after, k * obsSize, out.nextObs, row * obsSize, obsSize);
                out.rewards[row] = (float) r[k];
                out.terminated[row] = term[k];
                out.truncated[row] = trunc[k];
                out.bootstrapValues[row] = 0;
                anyTruncated |= trunc[k] && !term[k];
                int slot = b.firstSlot() + k;
                out.episodeIds[row] = b.episodeIndex()[k] * totalSlots + slot;
                out.stepInEpisode[row] = b.episodeLength()[k];
                b.episodeReturn()[k] += r[k];
                b.episodeLength()[k]++;
                if (done) {
                    long now = System.currentTimeMillis();
                    out.finishedEpisodes.add(new Segment.FinishedEpisode(out.episodeIds[row], b.seed() + slot,
                            b.episodeReturn()[k], b.episodeLength()[k], term[k], trunc[k], b.episodeStartStep()[k],
                            firstGlobalStep + (long) (t + 1) * totalSlots, b.episodeStartMillis()[k],
                            (now - b.episodeStartMillis()[k]) / 1e3));
                    b.episodeIndex()[k]++;
                    b.episodeReturn()[k] = 0;
                    b.episodeLength()[k] = 0;
                    b.episodeStartStep()[k] = firstGlobalStep + (long) (t + 1) * totalSlots;
                    b.episodeStartMillis()[k] = now;
                }
            }
            if (anyTruncated) {
                // Value of each truncated episode's final observation, for the learner's bootstrap.
                policy.values(finals, numEnvs, bootstrapScratch);
                for (int k = 0; k < numEnvs; k++)
                    if (trunc[k] && !term[k]) out.bootstrapValues[row0 + k] = bootstrapScratch[k];
            }
        }
        policy.values(env.observations(), numEnvs, out.lastValues);
        return out;
    }
}
