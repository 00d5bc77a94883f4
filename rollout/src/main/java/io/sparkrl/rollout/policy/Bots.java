package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Rng;

/** TEMP stub until envs branch lands. */
public final class Bots {
    public static Policy forEnv(String id) {
        if (!id.equals("CartPole-v1")) throw new IllegalArgumentException("no bot for " + id);
        return new Policy() {
            @Override public String name() { return "bot"; }
            @Override public int actDiscrete(float[] o, int off, Rng rng) { return o[off + 2] + 0.5 * o[off + 3] + 0.1*o[off+1] > 0 ? 1 : 0; }
        };
    }
}
