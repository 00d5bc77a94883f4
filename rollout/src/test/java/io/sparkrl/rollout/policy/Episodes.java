package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;

/** Runs one episode of a policy in a registered env (with its time limit). */
public record Episodes(double totalReward, int length, boolean terminated) {

    public static Episodes run(String envId, Policy policy, long seed) {
        Env<float[]> env = EnvRegistry.make(envId);
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
            if (r.done()) return new Episodes(total, t, r.terminated());
        }
    }
}
