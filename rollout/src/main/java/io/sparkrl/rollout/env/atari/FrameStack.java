package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Space;
import java.util.Arrays;

/**
 * The last {@code k} frames along a new leading axis, oldest first: {@code [k, ...frame shape]} ({@code [4,84,84]}
 * for SB3's stack of 84x84 frames, channel-first as SB3's algorithms transpose it). Each reset zeroes the stack and
 * puts the reset frame in the last slot: SB3's {@code VecFrameStack} zero padding, not Gymnasium's repetition of the
 * reset frame. The replay buffer's {@code FrameStackLayout} rebuilds stacks with the same zeros.
 */
public final class FrameStack extends AtariWrapper.Observations<byte[]> {
    private final int k, frameSize;
    private final byte[] stack;
    private final Space.Box space;

    public FrameStack(Env<byte[]> env, int k) {
        super(env);
        if (k < 1) throw new BadAtariInputException("stack=" + k + ": the frame stack must be >= 1 (1 = no stacking)");
        this.k = k;
        int[] inner = ((Space.Box) env.observationSpace()).shape();
        int[] shape = new int[inner.length + 1];
        shape[0] = k;
        System.arraycopy(inner, 0, shape, 1, inner.length);
        this.frameSize = env.observationSpace().flatSize();
        this.stack = new byte[k * frameSize];
        this.space = pixels(shape);
    }

    @Override public Space observationSpace() { return space; }

    @Override protected void onReset() { Arrays.fill(stack, (byte) 0); }

    @Override protected byte[] observation(byte[] frame) {
        System.arraycopy(stack, frameSize, stack, 0, (k - 1) * frameSize);
        System.arraycopy(frame, 0, stack, (k - 1) * frameSize, frameSize);
        return stack.clone();
    }
}
