package io.sparkrl.rollout.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@link Conformance#run} found, per golden file. */
public record ConformanceReport(Conformance.Mode mode, List<FileResult> files) {

    /**
     * One golden file: {@code episodes} compared (skipped ones excluded), how many passed, the max |error| per
     * field over all steps, and the first failure (null if none).
     */
    public record FileResult(Path golden, Path candidate, String envId, int episodes, int passedEpisodes,
                             int skippedEpisodes, int steps, Map<String, Double> maxErrors, String firstFailure) {
        public boolean passed() { return firstFailure == null; }

        public String summary() {
            String errors = maxErrors.entrySet().stream()
                    .map(e -> e.getKey() + "=" + String.format("%.3e", e.getValue()))
                    .collect(Collectors.joining(" "));
            return String.format("%s  %-26s episodes=%d passed=%d skipped=%d steps=%d  max|err|: %s%s",
                    passed() ? "PASS" : "FAIL", envId, episodes, passedEpisodes, skippedEpisodes, steps, errors,
                    passed() ? "" : "\n      first failure: " + firstFailure);
        }
    }

    public boolean passed() { return files.stream().allMatch(FileResult::passed); }

    /** One line per file plus an overall verdict, in the style of check_golden.py. */
    public String summary() {
        return files.stream().map(FileResult::summary).collect(Collectors.joining("\n"))
                + "\nOVERALL (" + mode.name().toLowerCase().replace('_', '-') + "): " + (passed() ? "PASS" : "FAIL");
    }
}
