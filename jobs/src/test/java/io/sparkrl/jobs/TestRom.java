package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared test ROM {@code ../shared/roms/tetris.bin}: missing, the test is skipped, but fails when {@code CI=true}. */
final class TestRom {
    private TestRom() {}

    static Path tetris() {
        Path rom = Paths.get("").toAbsolutePath().getParent().resolveSibling("shared").resolve("roms").resolve("tetris.bin");
        if (!Files.isRegularFile(rom) && "true".equalsIgnoreCase(System.getenv("CI")))
            throw new AssertionError("test ROM missing: " + rom + " (CI=true: the Atari tests must run)");
        assumeTrue(Files.isRegularFile(rom), "test ROM missing: " + rom);
        return rom;
    }
}
