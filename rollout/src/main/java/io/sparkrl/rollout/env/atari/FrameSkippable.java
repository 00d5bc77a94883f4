package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.StepResult;

/**
 * An Atari env (or a wrapper that passes steps through) that can step without building an observation, so that a
 * frame-skipping wrapper grabs only the screens it pools (as Gymnasium's {@code AtariPreprocessing} does) instead
 * of one per emulated frame, and grabs them as palette indices (one byte per pixel) to pool them itself.
 */
public interface FrameSkippable {

    /** {@code step(action)} with a null observation. */
    StepResult<byte[]> stepWithoutObservation(int action);

    /** Writes the current observation into {@code out} (the observation space's size). */
    void observeInto(byte[] out);

    /** The current screen as ALE palette indices ({@code 210 x 160} bytes). */
    void screenIndicesInto(byte[] out);

    /** The palette of those indices, {@code 0xRRGGBB}. */
    int[] paletteRgb();

    /** What the observations are (frame-pooling wrappers expand indices to it). */
    AtariEnv.ObsType obsType();

    /** Whether the methods above work (a pass-through wrapper can only offer them when what it wraps does). */
    default boolean skipsObservations() { return true; }

    /** Whether {@code env} can step without observations. */
    static boolean of(Object env) { return env instanceof FrameSkippable f && f.skipsObservations(); }
}
