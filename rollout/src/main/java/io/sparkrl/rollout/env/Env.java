package io.sparkrl.rollout.env;

/**
 * A Gymnasium environment. {@code O} is the observation type: {@code float[]} for vector observations
 * (float32, as Gymnasium returns them), {@code byte[]} for uint8 pixel frames.
 *
 * <p>Actions are primitives so that stepping allocates as little as possible: a {@link Space.Discrete}
 * action space takes {@link #step(int)}, a {@link Space.Box} action space takes {@link #step(float[])}; the
 * other overload throws {@link IllegalArgumentException}. Out-of-range actions are the env's business, as in
 * Gymnasium (classic control clips Box actions, rejects invalid discrete ones).
 *
 * <p>Contract: call {@link #reset(long)} (or {@link #reset()}) before the first step and after every step
 * whose result is {@code done()}. Seeding with the same value gives the same episode. An env is not
 * thread-safe: one per thread.
 */
public interface Env<O> extends AutoCloseable {

    EnvSpec spec();

    Space observationSpace();

    Space actionSpace();

    /** Reseeds the env's RNG with {@code seed}, then starts an episode. */
    ResetResult<O> reset(long seed);

    /** Starts an episode, continuing the env's RNG stream (seeded from entropy if never seeded). */
    ResetResult<O> reset();

    default StepResult<O> step(int action) {
        throw new IllegalArgumentException(spec().id() + " has action space " + actionSpace()
                + ": pass a float[] action, not an int");
    }

    default StepResult<O> step(float[] action) {
        throw new IllegalArgumentException(spec().id() + " has action space " + actionSpace()
                + ": pass an int action, not a float[]");
    }

    /** The env with all wrappers removed (Gymnasium's {@code env.unwrapped}). */
    default Env<O> unwrapped() { return this; }

    @Override
    default void close() {}
}
