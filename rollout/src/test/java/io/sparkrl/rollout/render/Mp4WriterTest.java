package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.ffprobe;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4WriterTest {
    /** H.264 is lossy: flat colours come back within a few levels per channel (YUV 4:2:0, quantisation). */
    static final int TOLERANCE = 12;
    private static final Color[] COLOURS = {Color.RED, Color.GREEN, Color.BLUE, new Color(200, 180, 60)};
    @TempDir Path dir;

    /** An MP4 as FFmpeg decodes it: its codec, frames (RGB), and length in seconds. */
    record Mp4(String codec, List<BufferedImage> frames, double seconds) {
        static Mp4 read(Path file) throws IOException {
            Map<String, String> probe = new HashMap<>();
            for (String line : run(Loader.load(ffprobe.class), "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "stream=codec_name,width,height:format=duration", "-of", "default=noprint_wrappers=1", file.toString())
                    .split("\n")) {
                String[] kv = line.strip().split("=", 2);
                if (kv.length == 2) probe.put(kv[0], kv[1]);
            }
            int width = Integer.parseInt(probe.get("width")), height = Integer.parseInt(probe.get("height"));
            byte[] rgb = runBytes(Mp4Writer.ffmpegProgram(), "-v", "error", "-i", file.toString(), "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
            List<BufferedImage> frames = new ArrayList<>();
            for (int offset = 0; offset < rgb.length; offset += 3 * width * height) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                for (int i = 0, j = offset; i < width * height; i++, j += 3)
                    frame.setRGB(i % width, i / width, (rgb[j] & 0xFF) << 16 | (rgb[j + 1] & 0xFF) << 8 | (rgb[j + 2] & 0xFF));
                frames.add(frame);
            }
            return new Mp4(probe.get("codec_name"), frames, Double.parseDouble(probe.get("duration")));
        }

        private static String run(String... command) throws IOException {
            return new String(runBytes(command), StandardCharsets.UTF_8);
        }

        private static byte[] runBytes(String... command) throws IOException {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            try {
                assertEquals(0, p.waitFor(), String.join(" ", command));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return out;
        }
    }

    /** Whether each channel of {@code rgb} is within {@link #TOLERANCE} of {@code expected}'s. */
    static boolean close(Color expected, int rgb) {
        Color actual = new Color(rgb);
        return Math.abs(expected.getRed() - actual.getRed()) <= TOLERANCE
                && Math.abs(expected.getGreen() - actual.getGreen()) <= TOLERANCE
                && Math.abs(expected.getBlue() - actual.getBlue()) <= TOLERANCE;
    }

    @Test
    void writesAnH264Mp4ThatDecodesBackToTheFrames() throws IOException {
        Path target = dir.resolve("colours.mp4");
        try (Mp4Writer mp4 = new Mp4Writer(target, 30, 1)) {
            for (Color c : COLOURS) for (int i = 0; i < 5; i++) mp4.write(TestFrames.solid(c, 64, 48));
            assertFalse(Files.exists(target), "nothing at the target before commit");
            mp4.commit();
            assertEquals(20, mp4.framesWritten());
        }
        byte[] bytes = Files.readAllBytes(target);
        assertEquals("ftyp", new String(bytes, 4, 4, StandardCharsets.US_ASCII), "an MP4 starts with its ftyp box");
        Mp4 mp4 = Mp4.read(target);
        assertEquals("h264", mp4.codec());
        assertEquals(20, mp4.frames().size());
        assertEquals(20 / 30.0, mp4.seconds(), 1e-3);
        for (int i = 0; i < 20; i++) {
            BufferedImage frame = mp4.frames().get(i);
            assertEquals(64, frame.getWidth());
            assertEquals(48, frame.getHeight());
            int rgb = frame.getRGB(32, 24);
            assertTrue(close(COLOURS[i / 5], rgb), "frame " + i + ": " + new Color(rgb) + " vs " + COLOURS[i / 5]);
        }
        assertEquals(List.of(target), TestFrames.files(dir), "no temporary file left");
    }

    @Test
    void oddSizesGetABlackColumnAndRow() throws IOException {
        Path target = dir.resolve("odd.mp4");
        try (Mp4Writer mp4 = new Mp4Writer(target, 30, 1)) {
            mp4.write(TestFrames.solid(Color.WHITE, 61, 41));
            mp4.commit();
        }
        BufferedImage frame = Mp4.read(target).frames().get(0);
        assertEquals(62, frame.getWidth());
        assertEquals(42, frame.getHeight());
        assertTrue(close(Color.WHITE, frame.getRGB(30, 20)));
        assertTrue(close(Color.BLACK, frame.getRGB(61, 20)), "padding column");
        assertTrue(close(Color.BLACK, frame.getRGB(30, 41)), "padding row");
    }

    @Test
    void keepsEveryKthFrameAtTheSameSpeed() throws IOException {
        Path target = dir.resolve("thinned.mp4");
        try (Mp4Writer mp4 = new Mp4Writer(target, 15, 3)) {
            for (int i = 0; i < 7; i++) mp4.write(TestFrames.solid(i % 3 == 0 ? Color.BLACK : Color.WHITE, 32, 32));
            assertEquals(3, mp4.framesWritten());
            mp4.commit();
        }
        Mp4 mp4 = Mp4.read(target);
        assertEquals(3, mp4.frames().size());
        assertEquals(3 * 3 / 15.0, mp4.seconds(), 1e-3, "3 frames at 5 fps");
        for (BufferedImage frame : mp4.frames()) assertTrue(close(Color.BLACK, frame.getRGB(16, 16)));
    }

    @Test
    void framesOfAnotherSizeAreRejected() {
        try (Mp4Writer mp4 = new Mp4Writer(dir.resolve("sizes.mp4"), 30, 1)) {
            mp4.write(TestFrames.solid(Color.WHITE, 32, 32));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mp4.write(TestFrames.solid(Color.WHITE, 32, 30)));
            assertEquals("MP4 frames must all be 32x32, got 32x30", e.getMessage());
        }
    }

    @Test
    void anEncoderFailureIsOneLineWithFfmpegsMessage() throws IOException {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        try (Mp4Writer mp4 = new Mp4Writer(gone.resolve("x.mp4"), 30, 1)) {
            for (Path file : TestFrames.files(gone)) Files.delete(file);
            Files.delete(gone); // ffmpeg cannot create the staged file
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                mp4.write(TestFrames.solid(Color.WHITE, 32, 32));
                mp4.commit();
            });
            String message = e.getMessage() + ": " + e.getCause().getMessage();
            assertTrue(message.contains("ffmpeg") && message.contains("No such file or directory"), message);
            assertFalse(message.contains("\n"), message);
        }
    }

    @Test
    void frameRatesAreReducedFractions() {
        assertEquals("15/1", Mp4Writer.frameRate(15, 1));
        assertEquals("20/3", Mp4Writer.frameRate(20, 3));
        assertEquals("25/4", Mp4Writer.frameRate(12.5, 2));
    }
}
