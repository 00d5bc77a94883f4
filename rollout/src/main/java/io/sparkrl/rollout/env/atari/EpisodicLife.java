package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.StepResult;
import java.util.Map;

/**
 * SB3's {@code EpisodicLifeEnv}: a lost life ({@code 0 < lives < previous lives}, read from the {@code lives} info
 * entry) ends the episode with {@code terminated}; {@code reset()} then continues the same game with one NOOP step
 * (a real reset only when the game itself ended, or that step ends it). {@code reset(seed)} is always a real reset (it reseeds).
 */
public final class EpisodicLife extends AtariWrapper.Bytes {
    private int lives;
    private boolean realDone = true;

    public EpisodicLife(Env<byte[]> env) { super(env); }

    @Override public StepResult<byte[]> step(int action) {
        StepResult<byte[]> r = env.step(action);
        realDone = r.done();
        int now = lives(r.info());
        boolean lifeLost = now > 0 && now < lives;
        lives = now;
        return lifeLost && !r.terminated() ? new StepResult<>(r.obs(), r.reward(), true, r.truncated(), r.info()) : r;
    }

    @Override public ResetResult<byte[]> reset(long seed) {
        ResetResult<byte[]> r = env.reset(seed);
        lives = lives(r.info());
        return r;
    }

    @Override public ResetResult<byte[]> reset() {
        ResetResult<byte[]> r;
        if (realDone) {
            r = env.reset();
        } else {
            StepResult<byte[]> s = env.step(0);
            r = s.done() ? env.reset() : new ResetResult<>(s.obs(), s.info());
        }
        lives = lives(r.info());
        return r;
    }

    /** The {@code lives} entry of an info map (0 when absent). */
    static int lives(Map<String, Object> info) { return info.get("lives") instanceof Integer n ? n : 0; }

    /** Whether the last step ended the game itself (not only a life). */
    public boolean wasRealDone() { return realDone; }
}
