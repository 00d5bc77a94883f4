package io.sparkrl.rollout.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.javacpp.Loader;

/**
 * Writes an H.264 MP4 one frame at a time, staged in a temporary file until committed ({@link StagedVideoWriter}):
 * the frames go as raw RGB through a pipe to the {@code ffmpeg} program that JavaCPP's FFmpeg preset ships (encoder
 * OpenH264), which encodes them in its own process, alongside the env. The kept frames play at
 * {@code fps / keepEvery}. H.264's 4:2:0 chroma needs even sizes: a frame of odd width or height gets one black
 * column or row on the right or bottom. Every frame must have the first frame's size.
 *
 * <p>Why FFmpeg and not pure-Java JCodec 0.2.5 (2 MB of jars against FFmpeg's 16 MB of linux-x86_64 natives): on
 * 1000 Atari frames JCodec encoded 22-28 frames/s into 5.2 MB, larger than the GIF of the same frames (4.0 MB),
 * with more colour error; FFmpeg encoded 200-400 frames/s into 0.35 MB (docs/BENCHMARKS.md, "Video recording").
 * A separate process also keeps a crash of native code away from the JVM.
 */
public final class Mp4Writer extends StagedVideoWriter {
    private final String frameRate;
    private Process encoder;
    private OutputStream pipe;
    /** Where ffmpeg writes its messages: a file, so that no pipe of them can fill up and stall it. */
    private Path encoderLog;
    private int width, height;
    private int[] argb;
    private byte[] rgb;

    /**
     * Opens {@code target} for writing at {@code fps} frames per second of the original motion.
     *
     * @throws IllegalArgumentException if the target's directory cannot be written, or fps/keepEvery are not positive
     */
    public Mp4Writer(Path target, double fps, int keepEvery) {
        super("MP4", target, fps, keepEvery);
        frameRate = frameRate(fps, keepEvery);
    }

    /**
     * {@code fps / keepEvery} as a reduced fraction, to the millihertz ("20/3"): an MP4 stores its frame rate as a
     * time scale and a frame duration, so a fraction keeps the video's pace exact over any length.
     */
    static String frameRate(double fps, int keepEvery) {
        BigInteger num = BigInteger.valueOf(Math.round(fps * 1000)), den = BigInteger.valueOf(1000L * keepEvery);
        BigInteger gcd = num.gcd(den);
        return num.divide(gcd) + "/" + den.divide(gcd);
    }

    /** The {@code ffmpeg} program of JavaCPP's FFmpeg preset, unpacked to JavaCPP's cache on first use. */
    static String ffmpegProgram() { return Loader.load(ffmpeg.class); }

    @Override protected void encode(BufferedImage frame) throws IOException {
        if (encoder == null) start(frame.getWidth(), frame.getHeight());
        else if (frame.getWidth() != width || frame.getHeight() != height)
            throw new IllegalArgumentException("MP4 frames must all be " + width + "x" + height + ", got "
                    + frame.getWidth() + "x" + frame.getHeight());
        frame.getRGB(0, 0, width, height, argb, 0, width);
        for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
            rgb[j] = (byte) (argb[i] >> 16);
            rgb[j + 1] = (byte) (argb[i] >> 8);
            rgb[j + 2] = (byte) argb[i];
        }
        try {
            pipe.write(rgb);
        } catch (IOException e) {
            throw new IOException("ffmpeg stopped taking frames: " + encoderErrors(), e);
        }
    }

    private void start(int frameWidth, int frameHeight) throws IOException {
        width = frameWidth;
        height = frameHeight;
        argb = new int[width * height];
        rgb = new byte[3 * width * height];
        encoderLog = Files.createTempFile("sparkrl-ffmpeg-", ".log");
        encoder = new ProcessBuilder(List.of(ffmpegProgram(), "-hide_banner", "-loglevel", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-video_size", width + "x" + height, "-framerate", frameRate, "-i", "pipe:0",
                "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libopenh264", "-pix_fmt", "yuv420p",
                "-movflags", "+faststart", "-f", "mp4", temporary.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(encoderLog.toFile()).start();
        pipe = encoder.getOutputStream();
    }

    /** What ffmpeg printed before it ended (it is ended first when still running), on one line. */
    private String encoderErrors() throws IOException {
        try {
            if (!encoder.waitFor(10, TimeUnit.SECONDS)) encoder.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text = Files.readString(encoderLog).strip().replace('\n', ' ');
        return !text.isEmpty() ? text : encoder.isAlive() ? "no message" : "exit code " + encoder.exitValue();
    }

    @Override protected void complete() throws IOException {
        pipe.close();
        try {
            if (encoder.waitFor() != 0) throw new IOException("ffmpeg failed: " + encoderErrors());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg finished " + temporary, e);
        }
    }

    @Override protected void release() throws IOException {
        try {
            if (encoder != null) {
                encoder.destroyForcibly(); // a no-op once ffmpeg has finished; an abandoned video must not keep encoding
                pipe.close();
                encoder.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (encoderLog != null) Files.deleteIfExists(encoderLog);
        }
    }
}
