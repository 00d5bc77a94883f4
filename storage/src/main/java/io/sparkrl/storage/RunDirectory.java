package io.sparkrl.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's directory (local path, {@code file:}, {@code hdfs:}, ... anything Hadoop's FileSystem opens):
 * {@code config.json}, {@code steps/}, {@code episodes/}, {@code metrics/}, {@code checkpoints/}.
 *
 * <p>New output is staged in a hidden sibling {@code .<name>.tmp-<uuid>} and renamed into place by
 * {@link #commit()}, so an interrupted job leaves no directory that looks complete (the staging directory is
 * removed by {@link #close()} when the job fails before commit).
 */
public final class RunDirectory implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics";
    public static final String CHECKPOINTS = "checkpoints";

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private boolean committed;

    private RunDirectory(FileSystem fs, Path target, Path staging) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
    }

    /** Starts a new run directory at {@code location}, which must not exist yet. */
    public static RunDirectory createNew(String location, Configuration conf) {
        Path target = new Path(location);
        try {
            FileSystem fs = target.getFileSystem(conf);
            target = fs.makeQualified(target);
            if (fs.exists(target))
                throw new BadInputException("output directory " + target + " already exists: choose another --out or delete it");
            Path parent = target.getParent();
            if (parent == null)
                throw new BadInputException("output directory " + target + " has no parent: choose a sub-directory");
            Path staging = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
            try {
                if (!fs.mkdirs(staging)) throw new IOException("mkdirs returned false");
            } catch (IOException e) {
                throw new BadInputException("cannot write output directory " + target + " (" + e.getMessage()
                        + "): choose a writable --out");
            }
            return new RunDirectory(fs, target, staging);
        } catch (IOException e) {
            throw new BadInputException("cannot open output location " + location + ": " + e.getMessage());
        }
    }

    /** Where the job writes: the staging directory until {@link #commit()}. */
    public Path root() { return committed ? target : staging; }

    public Path table(String name) { return new Path(root(), name); }

    public Path target() { return target; }

    public void writeText(String fileName, String text) throws IOException {
        try (OutputStream out = fs.create(new Path(root(), fileName), false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Moves the finished output into place in one rename. */
    public void commit() throws IOException {
        if (fs.exists(target))
            throw new BadInputException("output directory " + target + " appeared while the job ran: output left in " + staging);
        if (!fs.rename(staging, target)) throw new IOException("rename " + staging + " -> " + target + " failed");
        committed = true;
    }

    /** Removes the staging directory of a job that did not commit. */
    @Override
    public void close() {
        if (committed) return;
        try {
            fs.delete(staging, true);
        } catch (IOException ignored) {
            // Best effort: a hidden .tmp- directory is never mistaken for a finished run.
        }
    }
}
