package io.sparkrl.rollout.runner;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.ActionBatch;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.vector.VectorEnv;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    public static SegmentCollector resume(VectorEnv env, State state) {
        if (state.episodeIndex().length != env.numEnvs())
            throw new IllegalArgumentException("collector state has " + state.episodeIndex().length + " envs, the env has " + env.numEnvs());
        SegmentCollector c = new SegmentCollector(env);
        env.restore(state.envSnapshot());
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

    /**
     * Collects {@code steps} steps of every copy. {@code firstGlobalStep} is the run's env-step count (all slots
     * together) before this segment; every step of all slots adds {@code totalSlots}.
     */
    public Segment collect(BatchPolicy policy, int steps, long firstGlobalStep) {
        int rows = steps * numEnvs;
        float[] obs = new float[rows * obsSize], nextObs = new float[rows * obsSize];
        int[] discreteActions = discrete ? new int[rows] : null;
        float[] continuousActions = discrete ? null : new float[rows * actSize];
        float[] logProbs = new float[rows], values = new float[rows], bootstrap = new float[rows];
        double[] rewards = new double[rows];
        boolean[] terminated = new boolean[rows], truncated = new boolean[rows];
        long[] episodeIds = new long[rows];
        int[] stepInEpisode = new int[rows];
        List<Segment.FinishedEpisode> finished = new ArrayList<>();
        Arrays.fill(bootstrap, Float.NaN);
        State b = bookkeeping;
        int totalSlots = b.totalSlots();

        for (int t = 0; t < steps; t++) {
            int row0 = t * numEnvs;
            float[] current = env.observations();
            System.arraycopy(current, 0, obs, row0 * obsSize, numEnvs * obsSize);
            policy.act(current, numEnvs, rng, false, actions);
            System.arraycopy(actions.logProb, 0, logProbs, row0, numEnvs);
            System.arraycopy(actions.value, 0, values, row0, numEnvs);
            if (discrete) {
                System.arraycopy(actions.discrete, 0, discreteActions, row0, numEnvs);
                env.step(actions.discrete);
            } else {
                System.arraycopy(actions.continuous, 0, continuousActions, row0 * actSize, numEnvs * actSize);
                env.step(actions.continuous);
            }
            float[] after = env.observations(), finals = env.finalObservations();
            double[] r = env.rewards();
            boolean[] term = env.terminated(), trunc = env.truncated();
            boolean anyTruncated = false;
            for (int k = 0; k < numEnvs; k++) {
                int row = row0 + k;
                boolean done = term[k] || trunc[k];
                System.arraycopy(done ? finals : after, k * obsSize, nextObs, row * obsSize, obsSize);
                rewards[row] = r[k];
                terminated[row] = term[k];
                truncated[row] = trunc[k];
                anyTruncated |= trunc[k] && !term[k];
                int slot = b.firstSlot() + k;
                episodeIds[row] = b.episodeIndex()[k] * totalSlots + slot;
                stepInEpisode[row] = b.episodeLength()[k];
                b.episodeReturn()[k] += r[k];
                b.episodeLength()[k]++;
                if (done) {
                    long now = System.currentTimeMillis();
                    finished.add(new Segment.FinishedEpisode(episodeIds[row], b.seed() + slot, b.episodeReturn()[k],
                            b.episodeLength()[k], term[k], trunc[k], b.episodeStartStep()[k],
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
                    if (trunc[k] && !term[k]) bootstrap[row0 + k] = bootstrapScratch[k];
            }
        }
        float[] lastValues = new float[numEnvs];
        policy.values(env.observations(), numEnvs, lastValues);
        return new Segment(steps, numEnvs, obsSize, actSize, firstGlobalStep, obs, nextObs, discreteActions,
                continuousActions, logProbs, values, rewards, terminated, truncated, bootstrap, lastValues, episodeIds,
                stepInEpisode, finished);
    }
}
