package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.policy.Policy;
import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.EpisodePlayer;
import java.util.function.Consumer;

/**
 * Plays episodes of one env with any {@link Policy} (scripted or learned) and records them as one animated GIF,
 * like Gymnasium's {@code RecordVideo}: a frame after every reset and after every step. Episodes are played by
 * {@link EpisodePlayer}, so episode {@code i} (seed {@code seed + i}) is the same episode a rollout would play.
 */
public final class EpisodeRecorder {
    private final Env<float[]> env;
    private final Policy policy;
    private final Renderer renderer;

    /** @throws IllegalArgumentException if the env has no renderer */
    public EpisodeRecorder(Env<float[]> env, Policy policy) {
        this.env = env;
        this.policy = policy;
        this.renderer = Renderers.forEnv(env);
    }

    public Renderer renderer() { return renderer; }

    /**
     * Plays {@code episodes} episodes, episode {@code i} reset with {@code seed + i} and cut at
     * {@code maxEpisodeSteps}, writing their frames into {@code gif} and handing each finished episode to
     * {@code onEpisode}. The caller commits the GIF.
     */
    public void record(AnimatedGifWriter gif, long seed, int episodes, int maxEpisodeSteps, Consumer<EpisodeData> onEpisode) {
        EpisodePlayer player = new EpisodePlayer(new FrameCapture(env, () -> gif.write(renderer.render())), policy);
        for (int i = 0; i < episodes; i++) onEpisode.accept(player.play(i, seed + i, maxEpisodeSteps));
    }

    /** A pass-through wrapper that runs {@code capture} once the env has reset or stepped. */
    private record FrameCapture(Env<float[]> env, Runnable capture) implements Env<float[]> {
        @Override public EnvSpec spec() { return env.spec(); }

        @Override public Space observationSpace() { return env.observationSpace(); }

        @Override public Space actionSpace() { return env.actionSpace(); }

        @Override public ResetResult<float[]> reset(long seed) { return captured(env.reset(seed)); }

        @Override public ResetResult<float[]> reset() { return captured(env.reset()); }

        @Override public StepResult<float[]> step(int action) { return captured(env.step(action)); }

        @Override public StepResult<float[]> step(float[] action) { return captured(env.step(action)); }

        private <T> T captured(T result) {
            capture.run();
            return result;
        }

        @Override public Env<float[]> unwrapped() { return env.unwrapped(); }
    }
}
