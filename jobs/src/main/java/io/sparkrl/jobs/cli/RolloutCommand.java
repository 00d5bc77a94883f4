package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.RolloutJob;
import io.sparkrl.jobs.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Play episodes in parallel Spark partitions and write the steps and episodes Parquet tables.",
                "Episode i is reset with seed+i: the same seed gives the same data whatever the partitioning."})
final class RolloutCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Mixin EpisodeJobOptions episodes;

    @Option(names = "--policy", defaultValue = "random", description = Descriptions.POLICY + " Default: ${DEFAULT-VALUE}.")
    String policy;

    @Override public Integer call() throws Exception {
        return run(spark, episodes.job(policy, 0), "rollout");
    }

    /** Runs the rollout job with a progress bar and prints its summary ({@code verb}: rollout, record-bots). */
    static int run(SparkOptions spark, RolloutJob.Options o, String verb) throws Exception {
        RolloutJob.validate(o);
        try (SparkSessions.Session session = spark.open("sparkrl " + verb + " " + o.envId());
             Progress progress = new Progress(verb + " " + o.envId(), o.episodes(), "episodes")) {
            RolloutJob.Summary s = RolloutJob.run(session.spark(), o, (done, steps) -> progress.update(done,
                    String.format("%,d steps, %,.0f steps/s", steps, steps / progress.seconds())));
            System.out.printf("%s %s: %d episodes, %d steps in %.1f s (%.0f steps/s, %.1f episodes/s), mean return %.2f -> %s%n",
                    verb, o.envId(), s.episodes(), s.steps(), s.seconds(), s.stepsPerSecond(), s.episodesPerSecond(), s.meanReturn(), s.out());
            return 0;
        }
    }
}
