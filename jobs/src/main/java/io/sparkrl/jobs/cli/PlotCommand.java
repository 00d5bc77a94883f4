package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.RunReport;
import io.sparkrl.jobs.TrainJob;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.storage.plots.EpisodePoint;
import io.sparkrl.storage.plots.LearningCurves;
import io.sparkrl.storage.plots.SetupComparison;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Write a training run's learning curves (return vs env steps and vs wall time, losses) as PNGs",
                "into the run directory; or, with --compare, one plot of several runs (seeds): mean curve and min/max band;",
                "or, with --group (repeated), one such curve per setup, e.g. --group dqn=runs/a,runs/b --group double=runs/c,runs/d,",
                "and a table of each setup against the first: every run scored by the mean of its curve, the mean score with a",
                "95% bootstrap interval, the interquartile mean, the difference of means and P(run > first setup's run)."})
final class PlotCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Option(names = "--run", description = "A training run directory.")
    Path run;

    @Option(names = "--compare", arity = "1..*", description = "Several training run directories to plot together.")
    List<Path> compare;

    @Option(names = "--group", paramLabel = "NAME=DIR[,DIR...]", mapFallbackValue = "",
            description = "A setup and its runs (seeds), to compare with the other --group setups in one plot.")
    Map<String, String> groups = new LinkedHashMap<>();

    @Option(names = "--reference", paramLabel = "NAME=RETURN", description = "A dashed line at a return, e.g. a paper's result (repeatable, with --group).")
    Map<String, Double> references = new LinkedHashMap<>();

    @Option(names = "--out", description = "The PNG to write with --compare or --group.")
    Path out;

    @Option(names = "--evaluations", description = "With --compare or --group: compare the runs' evaluations (train --eval-every: mean return of each) instead of their training episodes.")
    boolean evaluations;

    @Override public Integer call() throws Exception {
        int modes = (run == null ? 0 : 1) + (compare == null ? 0 : 1) + (groups.isEmpty() ? 0 : 1);
        if (modes != 1)
            throw new BadInputException("give one of --run DIR, --compare DIR... --out FILE.png, or --group NAME=DIR,... --out FILE.png");
        if (run == null && out == null) throw new BadInputException("--compare and --group need --out FILE.png");
        try (var session = spark.open("sparkrl plot")) {
            if (run != null) {
                TrainJob.RunConfig c = TrainJob.latestConfig(run);
                for (Path png : RunReport.plots(session.spark(), new TrainingRun(run), c.algo() + " " + c.envId()))
                    System.out.println(png);
                return 0;
            }
            if (compare != null) {
                Map<String, List<EpisodePoint>> runs = seeds(session.spark(), compare, evaluations);
                System.out.println(LearningCurves.compareSeeds(out, title(compare.get(0)), runs, evaluations));
                return 0;
            }
            Map<String, Map<String, List<EpisodePoint>>> setups = new LinkedHashMap<>();
            for (Map.Entry<String, String> group : groups.entrySet()) {
                if (group.getValue().isBlank())
                    throw new BadInputException("--group " + group.getKey() + " names no run directories: use NAME=DIR[,DIR...]");
                setups.put(group.getKey(), seeds(session.spark(), Arrays.stream(group.getValue().split(",")).map(Path::of).toList(), evaluations));
            }
            Path first = Path.of(groups.values().iterator().next().split(",")[0]);
            LearningCurves.SampledCurves curves = LearningCurves.sample(setups, evaluations, out.getFileName().toString());
            System.out.println(LearningCurves.compareGroups(out, TrainJob.latestConfig(first).envId(), curves, references, evaluations));
            // Whether the setups differ beyond seed noise: each run scored by the mean of its curve, bootstrap intervals.
            var rows = SetupComparison.compare(curves, 0);
            System.out.print(SetupComparison.markdown(rows, evaluations ? "mean evaluation" : "mean of the curve"));
        }
        return 0;
    }

    /** Each run's episodes (or evaluations), by seed. */
    private static Map<String, List<EpisodePoint>> seeds(SparkSession spark, List<Path> dirs, boolean evaluations) {
        Map<String, List<EpisodePoint>> runs = new LinkedHashMap<>();
        for (Path dir : dirs) {
            TrainingRun run = new TrainingRun(dir);
            runs.put("seed " + TrainJob.latestConfig(dir).seed() + " " + dir,
                    evaluations ? RunReport.evaluationPoints(spark, run) : RunReport.episodes(spark, run));
        }
        return runs;
    }

    private static String title(Path dir) {
        TrainJob.RunConfig c = TrainJob.latestConfig(dir);
        return c.algo() + " " + c.envId();
    }
}
