package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.StepResult;

/** SB3's {@code ClipRewardEnv}: the reward's sign (-1, 0 or +1). */
public final class ClipReward extends AtariWrapper.Bytes {

    public ClipReward(Env<byte[]> env) { super(env); }

    @Override public StepResult<byte[]> step(int action) {
        StepResult<byte[]> r = env.step(action);
        return new StepResult<>(r.obs(), Math.signum(r.reward()), r.terminated(), r.truncated(), r.info());
    }
}
