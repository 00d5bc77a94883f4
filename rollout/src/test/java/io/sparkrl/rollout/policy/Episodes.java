package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;

/** Runs one episode of a policy, its random stream seeded with the episode's seed. */
public record Episodes(double totalReward, int length, boolean terminated) {

    /** An episode of a registered env (with its time limit). */
    public static Episodes run(String envId, Policy policy, long seed) {
        return run(EnvRegistry.make(envId), policy, seed, Integer.MAX_VALUE);
    }

    /** An episode of {@code env}, cut after {@code maxSteps} steps. */
    public static Episodes run(Env<float[]> env, Policy policy, long seed, int maxSteps) {
        Rng rng = new Rng(seed);
        float[] obs = env.reset(seed).obs();
        float[] action = new float[env.actionSpace().flatSize()];
        boolean discrete = env.actionSpace() instanceof Space.Discrete;
        policy.episodeStart(0);
        double total = 0;
        for (int t = 1; ; t++) {
            StepResult<float[]> r;
            if (discrete) {
                r = env.step(policy.actDiscrete(obs, 0, rng));
            } else {
                policy.actContinuous(obs, 0, rng, action, 0);
                r = env.step(action);
            }
            total += r.reward();
            obs = r.obs();
            if (r.done() || t == maxSteps) return new Episodes(total, t, r.terminated());
        }
    }

    /** The mean return of {@code episodes} episodes seeded 0, 1, ..., each cut after {@code maxSteps} steps. */
    public static double meanReturn(Env<float[]> env, Policy policy, int episodes, int maxSteps) {
        double sum = 0;
        for (int seed = 0; seed < episodes; seed++) sum += run(env, policy, seed, maxSteps).totalReward();
        return sum / episodes;
    }
}
