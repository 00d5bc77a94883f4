package io.sparkrl.rollout.env;

/**
 * Gymnasium's {@code TimeLimit}: counts the steps since reset and sets {@code truncated} on the step that
 * reaches the limit. As in Gymnasium 1.4 the flag is set even when that step also terminates (both flags true).
 * Serializable when the wrapped env is.
 */
public final class TimeLimit<O> implements Env<O>, java.io.Serializable {
    private final Env<O> env;
    private final int maxEpisodeSteps;
    private int elapsedSteps;

    public TimeLimit(Env<O> env, int maxEpisodeSteps) {
        if (maxEpisodeSteps <= 0)
            throw new IllegalArgumentException("maxEpisodeSteps must be positive, got " + maxEpisodeSteps);
        this.env = env;
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() { return maxEpisodeSteps; }

    public int elapsedSteps() { return elapsedSteps; }

    /** Sets the step counter, e.g. to 0 when an episode is started from a given state instead of a reset. */
    public void setElapsedSteps(int steps) { elapsedSteps = steps; }

    @Override public EnvSpec spec() { return env.spec(); }

    @Override public Space observationSpace() { return env.observationSpace(); }

    @Override public Space actionSpace() { return env.actionSpace(); }

    @Override public ResetResult<O> reset(long seed) {
        elapsedSteps = 0;
        return env.reset(seed);
    }

    @Override public ResetResult<O> reset() {
        elapsedSteps = 0;
        return env.reset();
    }

    @Override public StepResult<O> step(int action) { return limit(env.step(action)); }

    @Override public StepResult<O> step(float[] action) { return limit(env.step(action)); }

    private StepResult<O> limit(StepResult<O> result) {
        return ++elapsedSteps >= maxEpisodeSteps ? result.withTruncated(true) : result;
    }

    @Override public Env<O> unwrapped() { return env.unwrapped(); }

    @Override public void close() { env.close(); }

    @Override public String toString() { return "TimeLimit(" + env + ", " + maxEpisodeSteps + ")"; }
}
