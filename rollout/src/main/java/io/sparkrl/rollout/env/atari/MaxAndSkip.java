package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.StepResult;

/**
 * SB3's {@code MaxAndSkipEnv}: repeats the action {@code skip} times, sums the rewards, and returns the pixel-wise
 * maximum of the last two frames (with {@code pool}; else the last frame). It stops early when an episode ends; as in
 * SB3 the pooled frames are then whatever the buffers last held. No reset override: the first observation after a
 * reset is one plain frame. Over a {@link FrameSkippable} env it grabs only the two screens it pools.
 */
public final class MaxAndSkip extends AtariWrapper.Bytes {
    private final int skip;
    private final boolean pool;
    private final byte[][] frames;

    public MaxAndSkip(Env<byte[]> env, int skip, boolean pool) {
        super(env);
        if (skip < 1) throw new BadAtariInputException("skip=" + skip + ": the frame skip must be >= 1");
        if (pool && skip < 2)
            throw new BadAtariInputException("pool=true needs skip >= 2 (it pools the last two frames of a step): set pool=false or skip >= 2");
        this.skip = skip;
        this.pool = pool;
        int size = env.observationSpace().flatSize();
        this.frames = new byte[][] {new byte[size], new byte[size]};
    }

    @Override public StepResult<byte[]> step(int action) {
        boolean fast = FrameSkippable.of(env);
        double reward = 0;
        StepResult<byte[]> r = null;
        for (int i = 0; i < skip; i++) {
            r = fast ? ((FrameSkippable) env).stepWithoutObservation(action) : env.step(action);
            reward += r.reward();
            if (pool && i >= skip - 2) {
                byte[] into = frames[i - (skip - 2)];
                if (fast) ((FrameSkippable) env).observeInto(into);
                else System.arraycopy(r.obs(), 0, into, 0, into.length);
            }
            if (r.done()) break;
        }
        byte[] obs;
        if (pool) {
            obs = new byte[frames[0].length];
            byte[] a = frames[0], b = frames[1];
            for (int i = 0; i < obs.length; i++) obs[i] = (a[i] & 0xFF) >= (b[i] & 0xFF) ? a[i] : b[i];
        } else if (fast) {
            obs = new byte[frames[0].length];
            ((FrameSkippable) env).observeInto(obs);
        } else {
            obs = r.obs();
        }
        return new StepResult<>(obs, reward, r.terminated(), r.truncated(), r.info());
    }
}
