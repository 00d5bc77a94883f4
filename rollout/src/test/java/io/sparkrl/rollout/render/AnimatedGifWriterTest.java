package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.policy.bots.Bots;
import io.sparkrl.rollout.runner.EpisodeData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedGifWriterTest {
    @TempDir Path dir;

    private static BufferedImage solid(Color colour) {
        BufferedImage image = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 60, 40);
        g.dispose();
        return image;
    }

    /** The frames of a GIF and the delay (hundredths of a second) of its first frame. */
    private record Gif(List<BufferedImage> frames, int firstDelay, boolean loops) {
        static Gif read(Path file) throws IOException {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                reader.setInput(in);
                List<BufferedImage> frames = new ArrayList<>();
                for (int i = 0; i < reader.getNumImages(true); i++) frames.add(reader.read(i));
                IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = (IIOMetadataNode) first.getElementsByTagName("GraphicControlExtension").item(0);
                IIOMetadataNode app = (IIOMetadataNode) first.getElementsByTagName("ApplicationExtension").item(0);
                return new Gif(frames, Integer.parseInt(control.getAttribute("delayTime")),
                        app != null && app.getAttribute("applicationID").equals("NETSCAPE"));
            } finally {
                reader.dispose();
            }
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesALoopingGifFrameByFrame() throws IOException {
        Path target = dir.resolve("colours.gif");
        try (AnimatedGifWriter gif = new AnimatedGifWriter(target, 50, 1)) {
            for (Color c : new Color[] {Color.RED, Color.GREEN, Color.BLUE}) gif.write(solid(c));
            assertFalse(Files.exists(target), "nothing at the target before commit");
            gif.commit();
        }
        Gif gif = Gif.read(target);
        assertEquals(3, gif.frames().size());
        assertEquals(60, gif.frames().get(0).getWidth());
        assertEquals(40, gif.frames().get(0).getHeight());
        assertEquals(Color.GREEN.getRGB(), gif.frames().get(1).getRGB(30, 20));
        assertEquals(2, gif.firstDelay());
        assertTrue(gif.loops());
        assertEquals(List.of(target), files(), "no temporary file left");
    }

    @Test
    void keepsEveryKthFrameAndStretchesTheDelay() throws IOException {
        Path target = dir.resolve("thinned.gif");
        try (AnimatedGifWriter gif = new AnimatedGifWriter(target, 30, 3)) {
            for (int i = 0; i < 7; i++) gif.write(solid(i % 3 == 0 ? Color.BLACK : Color.WHITE));
            assertEquals(3, gif.framesWritten());
            gif.commit();
        }
        Gif gif = Gif.read(target);
        assertEquals(3, gif.frames().size());
        assertEquals(10, gif.firstDelay());
        for (BufferedImage frame : gif.frames()) assertEquals(Color.BLACK.getRGB(), frame.getRGB(0, 0));
    }

    @Test
    void renderedFramesKeepTheirExactColoursAndRicherFramesAreQuantised() throws IOException {
        Env<float[]> env = EnvRegistry.make("CartPole-v1");
        env.reset(3);
        BufferedImage rendered = Renderers.forEnv(env).render();
        BufferedImage rainbow = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 400; y++)
            for (int x = 0; x < 600; x++) rainbow.setRGB(x, y, Color.HSBtoRGB(x / 600f, 1f, 0.5f + y / 800f));
        Path target = dir.resolve("mixed.gif");
        try (AnimatedGifWriter gif = new AnimatedGifWriter(target, 50, 1)) {
            gif.write(rendered);
            gif.write(rainbow);
            gif.commit();
        }
        List<BufferedImage> frames = Gif.read(target).frames();
        for (int y = 0; y < 400; y++)
            for (int x = 0; x < 600; x++) assertEquals(rendered.getRGB(x, y), frames.get(0).getRGB(x, y), x + "," + y);
        assertEquals(2, frames.size());
    }

    @Test
    void aRecordingClosedWithoutCommitLeavesNoFile() throws IOException {
        Path target = dir.resolve("failed.gif");
        assertThrows(IllegalStateException.class, () -> {
            try (AnimatedGifWriter gif = new AnimatedGifWriter(target, 30, 1)) {
                gif.write(solid(Color.RED));
                throw new IllegalStateException("policy crashed");
            }
        });
        assertEquals(List.of(), files());
    }

    @Test
    void anUnwritableDirectoryFailsInOneLine() {
        Path target = dir.resolve("missing").resolve("x.gif");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AnimatedGifWriter(target, 30, 1));
        assertEquals("cannot write " + target + ": directory " + target.getParent() + " does not exist", e.getMessage());
    }

    @Test
    void recordsAFramePerResetAndStep() throws IOException {
        Env<float[]> env = EnvRegistry.make("Pendulum-v1");
        EpisodeRecorder recorder = new EpisodeRecorder(env, Bots.forEnv("Pendulum-v1"));
        Path target = dir.resolve("pendulum.gif");
        List<EpisodeData> episodes = new ArrayList<>();
        try (AnimatedGifWriter gif = new AnimatedGifWriter(target, recorder.renderer().fps(), 1)) {
            recorder.record(gif, 7, 2, 10, episodes::add);
            gif.commit();
        }
        assertEquals(List.of(10, 10), episodes.stream().map(EpisodeData::length).toList());
        assertEquals(List.of(7L, 8L), episodes.stream().map(EpisodeData::seed).toList());
        Gif gif = Gif.read(target);
        assertEquals(2 * (10 + 1), gif.frames().size());
        assertEquals(500, gif.frames().get(0).getWidth());
    }
}
