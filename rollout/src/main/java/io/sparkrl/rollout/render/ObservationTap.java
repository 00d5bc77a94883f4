package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;

/** A pass-through wrapper that hands {@code tap} every observation the env returns, after each reset and step. */
public record ObservationTap(Env<float[]> env, Tap tap) implements Env<float[]> {
    /** Receives an observation and whether a reset (rather than a step) returned it. */
    @FunctionalInterface
    public interface Tap {
        void observed(float[] obs, boolean afterReset);
    }

    @Override public EnvSpec spec() { return env.spec(); }

    @Override public Space observationSpace() { return env.observationSpace(); }

    @Override public Space actionSpace() { return env.actionSpace(); }

    @Override public ResetResult<float[]> reset(long seed) { return tapped(env.reset(seed)); }

    @Override public ResetResult<float[]> reset() { return tapped(env.reset()); }

    @Override public StepResult<float[]> step(int action) { return tapped(env.step(action)); }

    @Override public StepResult<float[]> step(float[] action) { return tapped(env.step(action)); }

    private ResetResult<float[]> tapped(ResetResult<float[]> result) {
        tap.observed(result.obs(), true);
        return result;
    }

    private StepResult<float[]> tapped(StepResult<float[]> result) {
        tap.observed(result.obs(), false);
        return result;
    }

    @Override public Env<float[]> unwrapped() { return env.unwrapped(); }
}
