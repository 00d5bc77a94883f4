package io.sparkrl.rollout.conformance;

import java.nio.file.Path;

/** A trajectory file that cannot be read or replayed; the one-line message names the file and the problem. */
public final class ConformanceException extends IllegalArgumentException {
    public ConformanceException(Path file, String problem) { super(file + ": " + problem); }

    public ConformanceException(Path file, String problem, Throwable cause) { super(file + ": " + problem, cause); }
}
