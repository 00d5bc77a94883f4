package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.Policy;
import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.EpisodePlayer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Plays episodes of one env with any {@link Policy} (scripted or learned) and records them as one video (GIF or
 * MP4, by the file's extension), like Gymnasium's {@code RecordVideo}: a frame after every reset and after every
 * step. Episodes are played by {@link EpisodePlayer}, so episode {@code i} (seed {@code seed + i}) is the same
 * episode a rollout would play.
 */
public final class EpisodeRecorder {
    private final Env<float[]> env;
    private final Policy policy;
    private final Renderer renderer;

    /** What a recording wrote: the file, its frames, and the rate they play at. */
    public record Recording(Path file, long frames, double fps) {}

    /** @throws IllegalArgumentException if the env has no renderer */
    public EpisodeRecorder(Env<float[]> env, Policy policy) {
        this.env = env;
        this.policy = policy;
        this.renderer = Renderers.forEnv(env);
    }

    /**
     * Plays {@code episodes} episodes, episode {@code i} reset with {@code seed + i} and cut at
     * {@code maxEpisodeSteps}, records every {@code keepEvery}-th frame into {@code target} (in place once all
     * are played; nothing there if playing fails), and hands each finished episode to {@code onEpisode}.
     *
     * @throws IllegalArgumentException if {@code target} is not a {@link VideoFormat} or its directory cannot be written
     */
    public Recording record(Path target, int keepEvery, long seed, int episodes, int maxEpisodeSteps, Consumer<EpisodeData> onEpisode) {
        try (VideoAfterFirstStep video = new VideoAfterFirstStep(target, keepEvery)) {
            EpisodePlayer player = new EpisodePlayer(new ObservationTap(env, (obs, afterReset) -> video.write(renderer.render())), policy);
            for (int i = 0; i < episodes; i++) onEpisode.accept(player.play(i, seed + i, maxEpisodeSteps));
            return video.commit();
        }
    }

    /**
     * Opens the video at the second frame, not the first: a renderer's frame rate can depend on how far the env
     * moves in a step (Atari under frame-skipping wrappers), which it knows once it has drawn one.
     */
    private final class VideoAfterFirstStep implements AutoCloseable {
        private final Path target;
        private final int keepEvery;
        private BufferedImage first;
        private VideoWriter writer;

        VideoAfterFirstStep(Path target, int keepEvery) {
            VideoFormat.of(target);
            this.target = target;
            this.keepEvery = keepEvery;
        }

        void write(BufferedImage frame) {
            if (writer == null && first == null) {
                first = frame;
                return;
            }
            open().write(frame);
        }

        private VideoWriter open() {
            if (writer == null) {
                writer = VideoWriter.open(target, renderer.fps(), keepEvery);
                if (first != null) writer.write(first);
            }
            return writer;
        }

        Recording commit() {
            VideoWriter video = open();
            video.commit();
            return new Recording(target.toAbsolutePath(), video.framesWritten(), renderer.fps() / (double) keepEvery);
        }

        @Override public void close() {
            if (writer != null) writer.close();
        }
    }
}
