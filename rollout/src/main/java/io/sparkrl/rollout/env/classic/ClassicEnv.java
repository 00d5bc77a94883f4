package io.sparkrl.rollout.env.classic;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.HasState;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;

/** One classic-control env (without its time limit) running a {@link ClassicKernel} on its own state. */
public final class ClassicEnv implements Env<float[]>, HasState {
    private final ClassicKernel kernel;
    private final double[] state;
    private final Rng rng = new Rng(0);
    private boolean seeded;

    public ClassicEnv(ClassicKernel kernel) {
        this.kernel = kernel;
        this.state = new double[kernel.stateSize()];
    }

    public ClassicKernel kernel() { return kernel; }

    @Override public EnvSpec spec() { return kernel.spec(); }

    @Override public Space observationSpace() { return kernel.observationSpace(); }

    @Override public Space actionSpace() { return kernel.actionSpace(); }

    @Override public ResetResult<float[]> reset(long seed) {
        rng.seed(seed);
        seeded = true;
        return start();
    }

    @Override public ResetResult<float[]> reset() {
        if (!seeded) return reset(Rng.entropySeed());
        return start();
    }

    private ResetResult<float[]> start() {
        kernel.reset(rng, state, 0);
        return new ResetResult<>(observation());
    }

    @Override public StepResult<float[]> step(int action) {
        kernel.checkAction(action);
        return advance(action);
    }

    @Override public StepResult<float[]> step(float[] action) {
        kernel.checkBoxActions(action.length, 1);
        return advance(action[0]);
    }

    private StepResult<float[]> advance(float action) {
        double reward = kernel.step(state, 0, action);
        return new StepResult<>(observation(), reward, kernel.terminated(state, 0), false);
    }

    @Override public double[] state() { return state.clone(); }

    @Override public void setState(double[] s) {
        kernel.checkStateLength(s.length);
        System.arraycopy(s, 0, state, 0, state.length);
    }

    @Override public float[] observation() {
        float[] obs = new float[kernel.obsSize()];
        kernel.observe(state, 0, obs, 0);
        return obs;
    }

    @Override public String toString() { return spec().id(); }
}
