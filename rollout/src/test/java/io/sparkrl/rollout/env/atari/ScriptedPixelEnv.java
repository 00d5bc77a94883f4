package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A pixel env for wrapper tests: frame {@code t} of an episode (t = 0 at reset) is {@link #frame}(t), rewards and
 * lives follow the given functions of t, the game ends at step {@code length}. Records the actions it got.
 */
final class ScriptedPixelEnv implements Env<byte[]> {
    static final int SIZE = 6;
    private final IntUnaryOperator reward, lives;
    private final int length;
    final List<Integer> actions = new ArrayList<>();
    int t, resets;

    ScriptedPixelEnv(int length, IntUnaryOperator reward, IntUnaryOperator lives) {
        this.length = length;
        this.reward = reward;
        this.lives = lives;
    }

    /** Frame t: pixels that rise and fall with t, so the max of two frames is neither of them. */
    static byte[] frame(int t) {
        byte[] f = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) f[i] = (byte) ((i % 2 == 0 ? 10 * t + i : 250 - 10 * t - i) & 0xFF);
        return f;
    }

    @Override public EnvSpec spec() { return new EnvSpec("Scripted", 0, Double.NaN); }

    @Override public Space observationSpace() { return AtariWrapper.pixels(2, 3); }

    @Override public Space actionSpace() { return new Space.Discrete(3); }

    @Override public ResetResult<byte[]> reset(long seed) { return reset(); }

    @Override public ResetResult<byte[]> reset() {
        t = 0;
        resets++;
        return new ResetResult<>(frame(0), Map.of("lives", lives.applyAsInt(0)));
    }

    @Override public StepResult<byte[]> step(int action) {
        actions.add(action);
        t++;
        return new StepResult<>(frame(t), reward.applyAsInt(t), t >= length, false, Map.of("lives", lives.applyAsInt(t)));
    }
}
