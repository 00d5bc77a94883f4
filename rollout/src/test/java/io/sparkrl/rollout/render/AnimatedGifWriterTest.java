package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedGifWriterTest {
    @TempDir Path dir;

    private static BufferedImage solid(Color colour) { return TestFrames.solid(colour, 60, 40); }

    /** The frames of a GIF and the delay (hundredths of a second) of its first frame. */
    record Gif(List<BufferedImage> frames, int firstDelay, boolean loops) {
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
        assertEquals(List.of(target), TestFrames.files(dir), "no temporary file left");
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
}
