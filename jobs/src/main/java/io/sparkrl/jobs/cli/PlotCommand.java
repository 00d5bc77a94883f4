package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.RunReport;
import io.sparkrl.jobs.TrainJob;
import io.sparkrl.storage.TrainingRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Write a training run's learning curves (return vs env steps and vs wall time, losses) as PNGs into the run directory.")
final class PlotCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Option(names = "--run", required = true, description = "A training run directory.")
    Path run;

    @Override public Integer call() throws Exception {
        TrainJob.RunConfig c = TrainJob.latest(run).config();
        try (var session = spark.open("sparkrl plot")) {
            for (Path png : RunReport.plots(session.spark(), new TrainingRun(run), c.algo() + " " + c.envId()))
                System.out.println(png);
        }
        return 0;
    }
}
