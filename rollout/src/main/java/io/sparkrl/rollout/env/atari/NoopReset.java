package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.StepResult;
import java.util.Map;

/**
 * SB3's {@code NoopResetEnv}: after each reset, 1 to {@code noopMax} (drawn from the Atari env's RNG) steps of
 * action 0 (NOOP), resetting again (and continuing the count) if an episode ends meanwhile.
 */
public final class NoopReset extends AtariWrapper.Bytes implements FrameSkippable {
    private final int noopMax;
    private int lastNoops;

    public NoopReset(Env<byte[]> env, int noopMax) {
        super(env);
        if (noopMax < 1) throw new BadAtariInputException("noop=" + noopMax + ": the no-op maximum must be >= 1 (0 turns the wrapper off)");
        if (!atari().actionMeanings().get(0).equals("NOOP"))
            throw new BadAtariInputException(spec().id() + ": action 0 is not NOOP, so no-op resets cannot apply: set noop=0");
        this.noopMax = noopMax;
    }

    /** How many no-ops the last reset played. */
    public int lastNoops() { return lastNoops; }

    @Override public ResetResult<byte[]> reset(long seed) {
        env.reset(seed);
        return noops();
    }

    @Override public ResetResult<byte[]> reset() {
        env.reset();
        return noops();
    }

    private ResetResult<byte[]> noops() {
        lastNoops = 1 + atari().rng().nextInt(noopMax);
        boolean fast = skipsObservations();
        byte[] obs = null;
        Map<String, Object> info = Map.of();
        for (int i = 0; i < lastNoops; i++) {
            StepResult<byte[]> r = stepWithoutObservation(0);
            obs = r.obs();
            info = r.info();
            if (r.done()) {
                ResetResult<byte[]> reset = env.reset();
                obs = reset.obs();
                info = reset.info();
            }
        }
        if (fast) {
            obs = new byte[observationSpace().flatSize()];
            observeInto(obs);
        }
        return new ResetResult<>(obs, info);
    }

    @Override public StepResult<byte[]> stepWithoutObservation(int action) {
        return skipsObservations() ? ((FrameSkippable) env).stepWithoutObservation(action) : env.step(action);
    }

    @Override public void observeInto(byte[] out) { ((FrameSkippable) env).observeInto(out); }

    @Override public void screenIndicesInto(byte[] out) { ((FrameSkippable) env).screenIndicesInto(out); }

    @Override public int[] paletteRgb() { return ((FrameSkippable) env).paletteRgb(); }

    @Override public AtariEnv.ObsType obsType() { return ((FrameSkippable) env).obsType(); }

    @Override public boolean skipsObservations() { return FrameSkippable.of(env); }
}
