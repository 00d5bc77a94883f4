package io.sparkrl.jobs.cli;

import io.sparkrl.rollout.conformance.Conformance;
import io.sparkrl.rollout.conformance.ConformanceReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Replay Gymnasium reference trajectories (the ../shared/golden schema) through the Java envs,",
                "write a candidate file of the same name and schema per golden file, and compare them.",
                "Exit code 0: every episode within tolerance; 1: a mismatch; 2: unreadable input."})
final class ConformanceCommand implements Callable<Integer> {
    @Option(names = "--golden", required = true, description = "A golden .json file, or a directory of them.")
    Path golden;

    @Option(names = "--out", required = true, description = "Directory for the candidate files (created if missing).")
    Path out;

    @Option(names = "--mode", defaultValue = "resync",
            description = "resync (set the recorded state before every step) or open-loop (set only the initial state). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Override public Integer call() {
        ConformanceReport report = Conformance.run(golden, out, Conformance.Mode.parse(mode));
        System.out.println(report.summary());
        return report.passed() ? 0 : 1;
    }
}
