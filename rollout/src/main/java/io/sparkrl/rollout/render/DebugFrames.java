package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes what the agent sees as PNGs ({@code play --debug-frames DIR}): each image observation {@code [C, H, W]}
 * (a frame stack, or MinAtar's channels) as its C planes side by side, oldest frame or first channel on the left,
 * gray levels spanning the observation space's bounds, each pixel scaled up so a plane is at least 84 pixels
 * high. One folder per episode, {@code episode-000000/step-00000.png} (the reset's observation is step 0).
 */
public final class DebugFrames implements ObservationTap.Tap {
    private static final int MIN_HEIGHT = 84;
    /** A gray separator between planes. */
    private static final int GAP = 2;

    private final Path dir;
    private final int planes, height, width, scale;
    private final float low, high;
    private int episode = -1, step;

    /** @throws IllegalArgumentException unless the observations are images {@code [C, H, W]} */
    public DebugFrames(Path dir, Space observationSpace) {
        if (!(observationSpace instanceof Space.Box box) || box.shape().length != 3)
            throw new IllegalArgumentException("--debug-frames needs image observations [C, H, W], this env observes "
                    + observationSpace + ": use it with pixel envs (MinAtar, Atari)");
        this.dir = dir;
        planes = box.shape()[0];
        height = box.shape()[1];
        width = box.shape()[2];
        scale = Math.max(1, (MIN_HEIGHT + height - 1) / height);
        float lowest = Float.MAX_VALUE, highest = -Float.MAX_VALUE;
        for (float v : box.low()) lowest = Math.min(lowest, v);
        for (float v : box.high()) highest = Math.max(highest, v);
        low = lowest;
        high = highest;
    }

    @Override public void observed(float[] obs, boolean afterReset) {
        if (afterReset) {
            episode++;
            step = 0;
        }
        Path file = dir.resolve(String.format("episode-%06d", episode)).resolve(String.format("step-%05d.png", step++));
        try {
            Files.createDirectories(file.getParent());
            BufferedImage image = picture(obs);
            AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write debug frame " + file + ": " + e.getMessage(), e);
        }
    }

    /** The planes side by side as a gray image. */
    BufferedImage picture(float[] obs) {
        int planeWidth = width * scale;
        BufferedImage image = new BufferedImage(planes * planeWidth + (planes - 1) * GAP, height * scale, BufferedImage.TYPE_BYTE_GRAY);
        var raster = image.getRaster();
        for (int x = 0; x < image.getWidth(); x++)
            for (int y = 0; y < image.getHeight(); y++) raster.setSample(x, y, 0, 128);
        float span = high > low ? high - low : 1;
        for (int c = 0; c < planes; c++)
            for (int y = 0; y < height * scale; y++)
                for (int x = 0; x < planeWidth; x++) {
                    float v = obs[(c * height + y / scale) * width + x / scale];
                    int gray = Math.round(Math.max(0, Math.min(1, (v - low) / span)) * 255);
                    raster.setSample(c * (planeWidth + GAP) + x, y, 0, gray);
                }
        return image;
    }
}
