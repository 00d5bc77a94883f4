package io.sparkrl.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.rollout.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A training run's directory (docs/SCHEMA.md): {@code config.json} (what resuming needs), {@code checkpoints/}
 * ({@code iter-NNNNNN/} directories, each complete or absent, and {@code LATEST} naming the newest),
 * {@code steps/} and {@code episodes/} (Parquet, one partition per iteration), {@code metrics.csv},
 * {@code summary.json} and the plots. Lives on a local or mounted filesystem (checkpoints are plain files).
 */
public final class TrainingRun {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    private static final String LATEST = "LATEST";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public TrainingRun(Path root) { this.root = root.toAbsolutePath().normalize(); }

    public Path root() { return root; }

    public Path table(String name) { return root.resolve(name); }

    public Path checkpoints() { return root.resolve("checkpoints"); }

    /** Whether {@code root} holds a run to resume (a config). */
    public boolean exists() { return Files.isRegularFile(root.resolve(CONFIG)); }

    /** Creates the directory for a new run; refuses a non-empty directory that is not a run. */
    public void create(ObjectNode config) {
        try {
            if (Files.isRegularFile(root))
                throw new BadInputException("--run " + root + " is a file: choose a directory");
            try (Stream<Path> entries = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
                if (entries.findAny().isPresent())
                    throw new BadInputException("--run " + root + " is a non-empty directory without " + CONFIG
                            + ": choose a new directory (or an existing run to resume it)");
            }
            Files.createDirectories(checkpoints());
            writeAtomically(root.resolve(CONFIG), JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new BadInputException("cannot create run directory " + root + " (" + e.getMessage() + "): choose a writable --run");
        }
    }

    public ObjectNode readConfig() {
        Path file = root.resolve(CONFIG);
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (!(node instanceof ObjectNode obj)) throw new IOException("not a JSON object");
            return obj;
        } catch (IOException e) {
            throw new BadInputException("malformed run config " + file + " (" + e.getMessage()
                    + "): restore it or start a new run directory");
        }
    }

    /** The newest complete checkpoint directory, if any. */
    public Optional<Path> latestCheckpoint() {
        Path pointer = checkpoints().resolve(LATEST);
        if (!Files.isRegularFile(pointer)) return Optional.empty();
        try {
            Path dir = checkpoints().resolve(Files.readString(pointer, StandardCharsets.UTF_8).trim());
            if (!Files.isDirectory(dir))
                throw new BadInputException("checkpoint " + dir + " named by " + pointer + " is missing: restore it or start a new run");
            return Optional.of(dir);
        } catch (IOException e) {
            throw new BadInputException("unreadable " + pointer + ": " + e.getMessage());
        }
    }

    /**
     * Writes a checkpoint for {@code iteration}: {@code writer} fills a staging directory, which is renamed to
     * {@code iter-NNNNNN} and then named in {@code LATEST}; older checkpoints but the previous one are removed.
     */
    public Path writeCheckpoint(int iteration, CheckpointWriter writer) {
        String name = String.format("iter-%06d", iteration);
        Path staging = checkpoints().resolve("." + name + ".tmp");
        Path target = checkpoints().resolve(name);
        try {
            deleteRecursively(staging);
            Files.createDirectories(staging);
            writer.write(staging);
            deleteRecursively(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            writeAtomically(checkpoints().resolve(LATEST), name + "\n");
            try (Stream<Path> old = Files.list(checkpoints())) {
                List<Path> done = old.filter(p -> p.getFileName().toString().startsWith("iter-"))
                        .sorted(Comparator.reverseOrder()).toList();
                for (Path p : done.subList(Math.min(2, done.size()), done.size())) deleteRecursively(p);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    public interface CheckpointWriter {
        void write(Path dir) throws IOException;
    }

    /** Writes {@code text} to {@code file} through a temporary file and a rename. */
    public static void writeAtomically(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
