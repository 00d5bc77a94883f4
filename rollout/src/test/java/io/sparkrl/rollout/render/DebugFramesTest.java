package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.policy.RandomPolicy;
import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.EpisodePlayer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebugFramesTest {
    @TempDir Path dir;

    @Test
    void writesEveryObservationOfEveryEpisodeAsPlanesSideBySide() throws IOException {
        Env<float[]> breakout = EnvRegistry.make("MinAtar/Breakout-v1");
        float[][] last = new float[1][];
        Env<float[]> env = new ObservationTap(new ObservationTap(breakout, new DebugFrames(dir, breakout.observationSpace())),
                (obs, afterReset) -> last[0] = obs);
        EpisodePlayer player = new EpisodePlayer(env, new RandomPolicy(breakout.actionSpace()));
        EpisodeData first = player.play(0, 1, 1000), second = player.play(1, 2, 1000);

        assertEquals(first.length() + 1, count(dir.resolve("episode-000000")), "the reset's observation and one per step");
        assertEquals(second.length() + 1, count(dir.resolve("episode-000001")));
        // [4, 10, 10]: each 10x10 plane scaled 9x to 90x90, 2-pixel gaps.
        BufferedImage image = ImageIO.read(dir.resolve("episode-000001").resolve(String.format("step-%05d.png", second.length())).toFile());
        assertEquals(4 * 90 + 3 * 2, image.getWidth());
        assertEquals(90, image.getHeight());
        for (int c = 0; c < 4; c++)
            for (int y = 0; y < 10; y++)
                for (int x = 0; x < 10; x++) {
                    int gray = image.getRaster().getSample(c * 92 + x * 9 + 4, y * 9 + 4, 0);
                    assertEquals(last[0][(c * 10 + y) * 10 + x] > 0 ? 255 : 0, gray, "channel " + c + " cell " + y + "," + x);
                }
    }

    @Test
    void flatObservationsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DebugFrames(dir, EnvRegistry.make("CartPole-v1").observationSpace()));
        assertTrue(e.getMessage().startsWith("--debug-frames needs image observations"), e.getMessage());
    }

    private static long count(Path episode) throws IOException {
        try (Stream<Path> files = Files.list(episode)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png")).count();
        }
    }
}
