package io.sparkrl.rollout;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared golden data (never copied into the repo) by walking up from the working directory. */
public final class GoldenData {
    private GoldenData() {}

    public static Path classicControlDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("shared/golden/classic-control"),
                    dir.resolveSibling("shared").resolve("golden/classic-control")}) {
                if (Files.isDirectory(candidate)) return candidate;
            }
        }
        throw new IllegalStateException("shared/golden/classic-control not found above " + Path.of("").toAbsolutePath());
    }
}
