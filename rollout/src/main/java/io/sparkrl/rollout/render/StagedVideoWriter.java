package io.sparkrl.rollout.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * What every {@link VideoWriter} format shares: the video is written to a hidden temporary file in the target's
 * directory and renamed into place by {@link #commit()}; closing without committing deletes it. Frames are thinned
 * to every {@code keepEvery}-th here; a format only encodes the frames kept.
 */
abstract class StagedVideoWriter implements VideoWriter {
    /** "GIF", "MP4": the format's name in messages. */
    private final String format;
    private final Path target;
    protected final Path temporary;
    private final int keepEvery;
    private long offered;
    private long written;
    private boolean finished;

    /** @throws IllegalArgumentException if the target's directory cannot be written, or fps/keepEvery are not positive */
    protected StagedVideoWriter(String format, Path target, double fps, int keepEvery) {
        if (!(fps > 0)) throw new IllegalArgumentException(format + " frame rate must be positive, got " + fps);
        if (keepEvery <= 0) throw new IllegalArgumentException("keep every k-th frame needs k > 0, got " + keepEvery);
        this.format = format;
        this.target = target.toAbsolutePath();
        this.keepEvery = keepEvery;
        Path dir = this.target.getParent();
        try {
            // Not Files.createTempFile: its owner-only permissions would survive the rename.
            temporary = Files.createFile(dir.resolve("." + this.target.getFileName() + ".tmp-" + UUID.randomUUID()));
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot write " + this.target + ": directory " + dir
                    + (Files.isDirectory(dir) ? " is not writable" : " does not exist"), e);
        }
    }

    /** Encodes a kept frame ({@link #framesWritten()} counts the kept frames before it). */
    protected abstract void encode(BufferedImage frame) throws IOException;

    /** Writes what the format needs after the last frame (trailer, index). */
    protected abstract void complete() throws IOException;

    /** Releases the encoder and the temporary file's streams; called once, whether or not the video was completed. */
    protected abstract void release() throws IOException;

    @Override public final long framesWritten() { return written; }

    @Override public final void write(BufferedImage frame) {
        if (finished) throw new IllegalStateException(format + " " + target + " is already closed");
        if (offered++ % keepEvery != 0) return;
        try {
            encode(frame);
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write frame " + written + " of " + temporary, e);
        }
    }

    @Override public final void commit() {
        if (finished) throw new IllegalStateException(format + " " + target + " is already closed");
        if (written == 0) throw new IllegalStateException(format + " " + target + " has no frames");
        finished = true;
        try {
            try {
                complete();
            } finally {
                release();
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTemporary();
            throw new UncheckedIOException("cannot finish " + format + " " + target, e);
        }
    }

    @Override public final void close() {
        if (finished) return;
        finished = true;
        try {
            release();
        } catch (IOException ignored) {
            // The recording failed already; all that matters now is that its temporary file goes.
        } finally {
            deleteTemporary();
        }
    }

    /** Deletes the temporary file (subclasses: when their encoder cannot start). */
    protected final void deleteTemporary() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Best effort: a leftover hidden .tmp file is harmless and never mistaken for a finished video.
        }
    }
}
