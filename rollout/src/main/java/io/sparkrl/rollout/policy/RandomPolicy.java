package io.sparkrl.rollout.policy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;

/** Uniform actions over an action space, drawn from the caller's {@link Rng}. */
public final class RandomPolicy implements Policy {
    private final Space actionSpace;

    public RandomPolicy(Space actionSpace) { this.actionSpace = actionSpace; }

    @Override public String name() { return "random"; }

    @Override public int actDiscrete(float[] obs, int off, Rng rng) {
        if (!(actionSpace instanceof Space.Discrete d)) return Policy.super.actDiscrete(obs, off, rng);
        return rng.nextInt(d.n());
    }

    @Override public void actContinuous(float[] obs, int off, Rng rng, float[] action, int actOff) {
        if (!(actionSpace instanceof Space.Box box)) {
            Policy.super.actContinuous(obs, off, rng, action, actOff);
            return;
        }
        for (int k = 0; k < box.flatSize(); k++)
            action[actOff + k] = (float) rng.uniform(box.low()[k], box.high()[k]);
    }
}
