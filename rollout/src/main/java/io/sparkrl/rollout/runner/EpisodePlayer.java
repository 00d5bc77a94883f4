package io.sparkrl.rollout.runner;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.policy.Policy;
import java.util.Arrays;

/**
 * Plays whole episodes of one env with one policy and records them column by column. Episode {@code k}
 * with seed {@code s} is the same wherever it is played: the env is reset with {@code s} and the policy draws
 * from an {@link Rng} derived from {@code s}, so the data does not depend on how episodes are spread over
 * Spark partitions. With {@link Frames} it keeps only each step's newest frame, as bytes, not the float stacks.
 */
public final class EpisodePlayer {
    private final Env<float[]> env;
    private final Policy policy;
    private final int obsSize;
    private final int actSize;
    private final boolean discrete;
    private final Frames frames;
    private final Rng policyRng = new Rng(0);

    public EpisodePlayer(Env<float[]> env, Policy policy) { this(env, policy, null); }

    /** A player keeping frames of frame-stack observations ({@code frames} null: whole float observations). */
    public EpisodePlayer(Env<float[]> env, Policy policy, Frames frames) {
        this.env = env;
        this.frames = frames;
        this.policy = policy;
        this.obsSize = env.observationSpace().flatSize();
        this.discrete = env.actionSpace() instanceof Space.Discrete;
        this.actSize = env.actionSpace().flatSize();
    }

    /** The seed of the policy's random stream for an episode seeded with {@code envSeed}. */
    static long policySeed(long envSeed) { return envSeed ^ 0x5DEECE66DL * 0x9E3779B97F4A7C15L; }

    /** Plays one episode to its end (termination or the env's time limit); {@code maxSteps} guards unbounded envs. */
    public EpisodeData play(long episodeId, long seed, int maxSteps) {
        long startMillis = System.currentTimeMillis();
        long t0 = System.nanoTime();
        policyRng.seed(policySeed(seed));
        policy.episodeStart(0);
        float[] current = env.reset(seed).obs();
        int cap = 64, stored = frames == null ? obsSize : 0, frameSize = frames == null ? 0 : frames.frameSize();
        float[] obs = new float[cap * stored], nextObs = new float[cap * stored];
        byte[] frameBytes = new byte[cap * frameSize];
        int[] discreteActions = discrete ? new int[cap] : null;
        float[] continuousActions = discrete ? null : new float[cap * actSize];
        float[] action = discrete ? null : new float[actSize];
        double[] rewards = new double[cap];
        int n = 0;
        StepResult<float[]> step;
        do {
            if (n == cap) {
                cap *= 2;
                obs = Arrays.copyOf(obs, cap * stored);
                nextObs = Arrays.copyOf(nextObs, cap * stored);
                frameBytes = Arrays.copyOf(frameBytes, cap * frameSize);
                rewards = Arrays.copyOf(rewards, cap);
                if (discrete) discreteActions = Arrays.copyOf(discreteActions, cap);
                else continuousActions = Arrays.copyOf(continuousActions, cap * actSize);
            }
            if (frames == null) System.arraycopy(current, 0, obs, n * obsSize, obsSize);
            else frames.newestInto(current, 0, frameBytes, n * frameSize);
            if (discrete) {
                int a = policy.actDiscrete(current, 0, policyRng);
                discreteActions[n] = a;
                step = env.step(a);
            } else {
                policy.actContinuous(current, 0, policyRng, action, 0);
                System.arraycopy(action, 0, continuousActions, n * actSize, actSize);
                step = env.step(action);
            }
            current = step.obs();
            if (frames == null) System.arraycopy(current, 0, nextObs, n * obsSize, obsSize);
            rewards[n] = step.reward();
            n++;
        } while (!step.done() && n < maxSteps);
        return new EpisodeData(episodeId, seed, obsSize, actSize,
                frames == null ? Arrays.copyOf(obs, n * obsSize) : null, frames == null ? Arrays.copyOf(nextObs, n * obsSize) : null,
                frames, frames == null ? null : Arrays.copyOf(frameBytes, n * frameSize),
                frames == null ? null : frames.newest(current, 0),
                discrete ? Arrays.copyOf(discreteActions, n) : null,
                discrete ? null : Arrays.copyOf(continuousActions, n * actSize),
                Arrays.copyOf(rewards, n), step.terminated(), step.truncated() || !step.done(),
                startMillis, System.nanoTime() - t0);
    }
}
