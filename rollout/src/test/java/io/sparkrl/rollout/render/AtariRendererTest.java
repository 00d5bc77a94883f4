package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.atari.AtariEnv;
import io.sparkrl.rollout.env.atari.AtariOptions;
import io.sparkrl.rollout.env.atari.TestRoms;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Atari renderer on the test ROM (Tetris: actions NOOP FIRE RIGHT LEFT DOWN). */
class AtariRendererTest {
    @TempDir Path dir;

    /** Plays a few pieces, so that the screen shows more than the empty well. */
    private static void play(Env<?> env, int steps) {
        for (int t = 0; t < steps; t++) env.step(t % 7 == 0 ? 1 : t % 3 == 0 ? 3 : 4);
    }

    /** Asserts that {@code frame} is {@code rgb} (the [210, 160, 3] screen) with each pixel scaled up. */
    private static void assertScaledScreen(byte[] rgb, BufferedImage frame) {
        assertEquals(AtariEnv.WIDTH * AtariRenderer.SCALE_X, frame.getWidth());
        assertEquals(AtariEnv.HEIGHT * AtariRenderer.SCALE_Y, frame.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < frame.getHeight(); y++)
            for (int x = 0; x < frame.getWidth(); x++) {
                int i = 3 * ((y / AtariRenderer.SCALE_Y) * AtariEnv.WIDTH + x / AtariRenderer.SCALE_X);
                int expected = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
                assertEquals(expected, frame.getRGB(x, y) & 0xFFFFFF, x + "," + y);
                colours.add(expected);
            }
        assertTrue(colours.size() > 3, "a screen of " + colours.size() + " colours");
    }

    @Test
    void drawsTheColoursOfTheRgbObservationScaledUp() {
        try (AtariEnv env = TestRoms.env("ALE/Tetris-v5")) {
            env.reset(1);
            play(env, 60);
            Renderer renderer = Renderers.forEnv(env);
            assertEquals(480, renderer.width());
            assertEquals(420, renderer.height());
            assertScaledScreen(env.observation(), renderer.render());
        }
    }

    @Test
    void drawsInColourWhateverTheEnvObservesAndThroughWrappers() {
        try (AtariEnv gray = TestRoms.env("ALE/Tetris-v5", AtariEnv.ObsType.GRAYSCALE); AtariEnv rgb = TestRoms.env("ALE/Tetris-v5");
             Env<?> wrapped = AtariOptions.SB3.wrap(TestRoms.env("TetrisNoFrameskip-v4"))) {
            gray.reset(2);
            rgb.reset(2);
            play(gray, 40);
            play(rgb, 40);
            assertScaledScreen(rgb.observation(), Renderers.forEnv(gray).render());
            wrapped.reset(2);
            play(wrapped, 40);
            assertScaledScreen(((AtariEnv) wrapped.unwrapped()).observation(), Renderers.forEnv(wrapped).render());
        }
    }

    @Test
    void playsAtSixtyFramesPerSecondOverTheEmulatedFramesPerStep() {
        record Expected(String id, AtariOptions wrappers, int fps) {}
        for (Expected e : new Expected[] {new Expected("ALE/Tetris-v5", null, 15), new Expected("Tetris-v4", null, 20),
                new Expected("TetrisNoFrameskip-v4", null, 60), new Expected("TetrisNoFrameskip-v4", AtariOptions.SB3, 15),
                new Expected("TetrisNoFrameskip-v4", AtariOptions.parse("none,skip=2"), 30)}) {
            AtariEnv base = TestRoms.env(e.id());
            try (Env<?> env = e.wrappers() == null ? base : e.wrappers().wrap(base)) {
                Renderer renderer = Renderers.forEnv(env);
                env.reset(3);
                renderer.render();
                env.step(0);
                renderer.render();
                assertEquals(e.fps(), renderer.fps(), e.id() + " " + e.wrappers());
            }
        }
    }

    @Test
    void recordsTetrisAsAnMp4OfTheSameColours() throws IOException {
        Path target = dir.resolve("tetris.mp4");
        List<BufferedImage> rendered = new ArrayList<>();
        try (AtariEnv env = TestRoms.env("ALE/Tetris-v5"); VideoWriter video = VideoWriter.open(target, 15, 1)) {
            Renderer renderer = Renderers.forEnv(env);
            env.reset(4);
            for (int t = 0; t < 30; t++) {
                rendered.add(renderer.render());
                video.write(rendered.get(t));
                play(env, 1);
            }
            video.commit();
        }
        Mp4WriterTest.Mp4 mp4 = Mp4WriterTest.Mp4.read(target);
        assertEquals(30, mp4.frames().size());
        for (int t = 0; t < 30; t++) {
            BufferedImage expected = rendered.get(t), decoded = mp4.frames().get(t);
            assertEquals(expected.getWidth(), decoded.getWidth());
            long error = 0;
            for (int y = 0; y < expected.getHeight(); y++)
                for (int x = 0; x < expected.getWidth(); x++) {
                    int a = expected.getRGB(x, y), b = decoded.getRGB(x, y);
                    for (int shift = 0; shift <= 16; shift += 8) error += Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF));
                }
            double meanError = error / (3.0 * expected.getWidth() * expected.getHeight());
            assertTrue(meanError < 3, "frame " + t + ": mean error " + meanError + " levels per channel");
        }
    }
}
