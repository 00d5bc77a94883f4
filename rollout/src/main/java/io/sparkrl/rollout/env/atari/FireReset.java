package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.StepResult;
import java.util.List;

/**
 * SB3's {@code FireResetEnv}, for games that wait for FIRE: after each reset, steps with action 1 (FIRE) then 2,
 * resetting again if either ends the episode. Only for games whose action 1 is FIRE with at least 3 actions
 * ({@link #applies}); above {@link EpisodicLife} it also fires after each lost life.
 */
public final class FireReset extends AtariWrapper.Bytes {

    public FireReset(Env<byte[]> env) {
        super(env);
        atari(); // Atari envs only: they know their action meanings
        if (!applies(env))
            throw new BadAtariInputException(spec().id() + " has no FIRE action at index 1 (actions "
                    + atari().actionMeanings() + "): set fire=false");
    }

    /** Whether the game's action 1 is FIRE and it has at least 3 actions (SB3's conditions). */
    public static boolean applies(Env<byte[]> env) {
        if (!(env.unwrapped() instanceof AtariEnv atari)) return false;
        List<String> meanings = atari.actionMeanings();
        return meanings.size() >= 3 && meanings.get(1).equals("FIRE");
    }

    @Override public ResetResult<byte[]> reset(long seed) { return fire(env.reset(seed)); }

    @Override public ResetResult<byte[]> reset() { return fire(env.reset()); }

    private ResetResult<byte[]> fire(ResetResult<byte[]> reset) {
        ResetResult<byte[]> r = reset;
        for (int action = 1; action <= 2; action++) {
            StepResult<byte[]> s = env.step(action);
            r = s.done() ? env.reset() : new ResetResult<>(s.obs(), s.info());
        }
        return r;
    }
}
