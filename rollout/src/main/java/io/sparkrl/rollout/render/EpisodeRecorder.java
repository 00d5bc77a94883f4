package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.Env;
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
        EpisodePlayer player = new EpisodePlayer(new ObservationTap(env, (obs, afterReset) -> gif.write(renderer.render())), policy);
        for (int i = 0; i < episodes; i++) onEpisode.accept(player.play(i, seed + i, maxEpisodeSteps));
    }
}
