package io.sparkrl.rollout.render;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Writes rendered frames into a video file, one frame at a time (frames are not kept in memory). Nothing appears at
 * the target until {@link #commit()}; closing without committing leaves no file, so a failed recording never looks
 * like a finished one. {@code keepEvery = k} keeps frames 0, k, 2k, ... and plays them at {@code fps / k}, so the
 * video still plays at the speed of the original frame rate.
 */
public interface VideoWriter extends AutoCloseable {

    /**
     * A writer for {@code target} in the format its extension names ({@link VideoFormat}), playing the offered
     * frames at {@code fps}.
     *
     * @throws IllegalArgumentException for another extension, an unwritable directory, or fps/keepEvery not positive
     */
    static VideoWriter open(Path target, double fps, int keepEvery) {
        return VideoFormat.of(target).open(target, fps, keepEvery);
    }

    /** Offers the next frame; every {@code keepEvery}-th one (starting with the first) is written. */
    void write(BufferedImage frame);

    /** Frames written so far (after thinning by {@code keepEvery}). */
    long framesWritten();

    /** Finishes the video and moves it to the target (replacing an existing file). */
    void commit();

    /** Deletes the unfinished video unless {@link #commit()} succeeded. */
    @Override void close();
}
