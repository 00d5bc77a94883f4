package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.RunReport;
import io.sparkrl.jobs.TrainJob;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.storage.plots.EpisodePoint;
import io.sparkrl.storage.plots.LearningCurves;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Write a training run's learning curves (return vs env steps and vs wall time, losses) as PNGs",
                "into the run directory; or, with --compare, one plot of several runs (seeds): mean curve and min/max band."})
final class PlotCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Option(names = "--run", description = "A training run directory.")
    Path run;

    @Option(names = "--compare", arity = "1..*", description = "Several training run directories to plot together.")
    List<Path> compare;

    @Option(names = "--out", description = "The PNG to write with --compare.")
    Path out;

    @Override public Integer call() throws Exception {
        if ((run == null) == (compare == null)) throw new BadInputException("give either --run DIR or --compare DIR... --out FILE.png");
        if (compare != null && out == null) throw new BadInputException("--compare needs --out FILE.png");
        try (var session = spark.open("sparkrl plot")) {
            if (run != null) {
                TrainJob.RunConfig c = TrainJob.latest(run).config();
                for (Path png : RunReport.plots(session.spark(), new TrainingRun(run), c.algo() + " " + c.envId()))
                    System.out.println(png);
                return 0;
            }
            Map<String, List<EpisodePoint>> runs = new LinkedHashMap<>();
            String title = null;
            for (Path dir : compare) {
                TrainJob.RunConfig c = TrainJob.latest(dir).config();
                if (title == null) title = c.algo() + " " + c.envId();
                runs.put("seed " + c.seed(), RunReport.episodes(session.spark(), new TrainingRun(dir)));
            }
            System.out.println(LearningCurves.compareSeeds(out, title, runs));
        }
        return 0;
    }
}
