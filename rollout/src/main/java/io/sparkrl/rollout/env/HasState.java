package io.sparkrl.rollout.env;

/**
 * An env whose physical state can be read and set, as Gymnasium's {@code env.unwrapped.state}: what the
 * conformance replay uses to start from (or re-sync to) a recorded state.
 */
public interface HasState {

    /** A copy of the current physical state. */
    double[] state();

    /** Sets the physical state (a copy is taken); the next step starts from it. */
    void setState(double[] state);

    /** The observation the env returns in the current state (a new array). */
    float[] observation();
}
