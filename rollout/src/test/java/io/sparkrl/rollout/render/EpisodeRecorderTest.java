package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.Policy;
import io.sparkrl.rollout.policy.bots.Bots;
import io.sparkrl.rollout.runner.EpisodeData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeRecorderTest {
    @TempDir Path dir;

    @Test
    void recordsAFramePerResetAndStepIntoAGif() throws IOException {
        Env<float[]> env = EnvRegistry.make("Pendulum-v1");
        Path target = dir.resolve("pendulum.gif");
        List<EpisodeData> episodes = new ArrayList<>();
        EpisodeRecorder.Recording recording = new EpisodeRecorder(env, Bots.forEnv("Pendulum-v1")).record(target, 1, 7, 2, 10, episodes::add);
        assertEquals(List.of(10, 10), episodes.stream().map(EpisodeData::length).toList());
        assertEquals(List.of(7L, 8L), episodes.stream().map(EpisodeData::seed).toList());
        assertEquals(new EpisodeRecorder.Recording(target.toAbsolutePath(), 2 * (10 + 1), 30), recording);
        List<BufferedImage> frames = AnimatedGifWriterTest.Gif.read(target).frames();
        assertEquals(2 * (10 + 1), frames.size());
        assertEquals(500, frames.get(0).getWidth());
    }

    @Test
    void recordsAnMp4ThinnedToEveryKthFrame() throws IOException {
        Env<float[]> env = EnvRegistry.make("CartPole-v1");
        Path target = dir.resolve("cartpole.mp4");
        EpisodeRecorder.Recording recording = new EpisodeRecorder(env, Bots.forEnv("CartPole-v1")).record(target, 2, 0, 1, 9, e -> {});
        assertEquals(new EpisodeRecorder.Recording(target.toAbsolutePath(), 5, 25), recording);
        Mp4WriterTest.Mp4 mp4 = Mp4WriterTest.Mp4.read(target);
        assertEquals(5, mp4.frames().size());
        assertEquals(600, mp4.frames().get(0).getWidth());
        assertEquals(5 / 25.0, mp4.seconds(), 1e-3);
    }

    @Test
    void aFailedEpisodeLeavesNoVideo() throws IOException {
        Env<float[]> env = EnvRegistry.make("CartPole-v1");
        Policy crashing = new Policy() {
            private int steps;

            @Override public String name() { return "crashing"; }

            @Override public int actDiscrete(float[] obs, int off, Rng rng) {
                if (++steps > 3) throw new IllegalStateException("policy crashed");
                return 0;
            }
        };
        EpisodeRecorder recorder = new EpisodeRecorder(env, crashing);
        assertThrows(IllegalStateException.class, () -> recorder.record(dir.resolve("crash.mp4"), 1, 0, 1, 10, e -> {}));
        assertEquals(List.of(), TestFrames.files(dir));
    }
}
