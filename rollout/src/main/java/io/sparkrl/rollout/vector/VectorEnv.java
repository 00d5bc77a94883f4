package io.sparkrl.rollout.vector;

import io.sparkrl.rollout.env.Space;

/**
 * N copies of one env stepped together over flat primitive buffers (float32 observations), with automatic
 * reset. Stepping allocates nothing: the buffers below are owned by the vector env and overwritten by each
 * {@code step}; copy what must outlive it.
 *
 * <p>Auto-reset is "same step" (as Stable-Baselines3's VecEnv): when copy {@code i}'s episode ends in a step,
 * {@code terminated()[i]} or {@code truncated()[i]} is set, its final observation is in
 * {@link #finalObservations()}, and {@link #observations()} already holds the first observation of its next
 * episode.
 */
public interface VectorEnv extends AutoCloseable {

    int numEnvs();

    Space singleObservationSpace();

    Space singleActionSpace();

    /** Floats per observation of one copy. */
    default int obsSize() { return singleObservationSpace().flatSize(); }

    /** Resets every copy; copy {@code i} is seeded with {@code seed + i} (Gymnasium's convention). */
    void reset(long seed);

    /** One step of every copy, with {@code actions[i]} for copy i (Discrete action spaces). */
    void step(int[] actions);

    /** One step of every copy, with {@code actions[i*actSize .. (i+1)*actSize)} for copy i (Box action spaces). */
    void step(float[] actions);

    /** {@code [numEnvs * obsSize]}: current observation of each copy. */
    float[] observations();

    /** {@code [numEnvs * obsSize]}: for copies whose episode ended in the last step, the final observation. */
    float[] finalObservations();

    double[] rewards();

    boolean[] terminated();

    boolean[] truncated();

    /**
     * The copies' whole state (physics, RNGs, time-limit counters) as a value that {@link #restore} on a vector
     * env of the same id and size turns back into this exact state: lets a Spark task continue episodes that
     * a previous task (perhaps on another executor) left running, and checkpoints resume exactly.
     */
    default java.io.Serializable snapshot() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot snapshot its state");
    }

    default void restore(java.io.Serializable snapshot) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore a state");
    }

    @Override
    default void close() {}
}
