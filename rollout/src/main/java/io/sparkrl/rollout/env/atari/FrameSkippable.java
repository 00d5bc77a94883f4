package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.StepResult;

/**
 * An Atari env (or a wrapper that passes steps through) that can step without building an observation, so that a
 * frame-skipping wrapper grabs only the screens it pools (as Gymnasium's {@code AtariPreprocessing} does) instead
 * of one per emulated frame.
 */
public interface FrameSkippable {

    /** {@code step(action)} with a null observation. */
    StepResult<byte[]> stepWithoutObservation(int action);

    /** Writes the current observation into {@code out} (the observation space's size). */
    void observeInto(byte[] out);

    /** Whether the two methods above work (a pass-through wrapper can only offer them when what it wraps does). */
    default boolean skipsObservations() { return true; }

    /** Whether {@code env} can step without observations. */
    static boolean of(Object env) { return env instanceof FrameSkippable f && f.skipsObservations(); }
}
