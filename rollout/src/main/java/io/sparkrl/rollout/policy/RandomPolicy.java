package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/** TEMP stub until envs branch lands. */
public final class RandomPolicy implements Policy {
    private final Space space;
    public RandomPolicy(Space space) { this.space = space; }
    @Override public String name() { return "random"; }
    @Override public int actDiscrete(float[] obs, int off, Rng rng) { return rng.nextInt(((Space.Discrete) space).n()); }
    @Override public void actContinuous(float[] obs, int off, Rng rng, float[] action, int actOff) {
        Space.Box b = (Space.Box) space;
        for (int i = 0; i < b.flatSize(); i++) action[actOff + i] = (float) rng.uniform(b.low()[i], b.high()[i]);
    }
}
