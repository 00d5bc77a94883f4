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

    @Option(names = "--env", required = true, description = "Environment id, e.g. CartPole-v1 (see sparkrl info).")
    String env;

    @Option(names = "--env-options", paramLabel = "OPTIONS", description = Descriptions.ENV_OPTIONS)
    String envOptions;

    @Option(names = "--policy", defaultValue = "random", description = "random or bot (the env's scripted controller). Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--episodes", defaultValue = "100", description = "Episodes to play. Default: ${DEFAULT-VALUE}.")
    long episodes;

    @Option(names = "--partitions", defaultValue = "2", description = "Spark partitions (parallel env slots). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--out", required = true, description = "Output run directory (must not exist): local path, file:, hdfs:, s3a:...")
    String out;

    @Option(names = "--seed", defaultValue = "0", description = "Base seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--max-episode-steps", defaultValue = "1000000",
            description = "Cut episodes at this many steps (registered envs have their own time limit). Default: ${DEFAULT-VALUE}.")
    int maxEpisodeSteps;



    @Override public Integer call() throws Exception {
        RolloutJob.Options o = new RolloutJob.Options(env, envOptions, policy, episodes, partitions, out, seed, maxEpisodeSteps);
        RolloutJob.validate(o);
        try (SparkSessions.Session session = spark.open("sparkrl rollout " + env);
             Progress progress = new Progress("rollout " + env, episodes, "episodes")) {
            RolloutJob.Summary s = RolloutJob.run(session.spark(), o, (done, steps) -> progress.update(done,
                    String.format("%,d steps, %,.0f steps/s", steps, steps / progress.seconds())));
            System.out.printf("rollout %s: %d episodes, %d steps in %.1f s (%.0f steps/s, %.1f episodes/s), mean return %.2f -> %s%n",
                    env, s.episodes(), s.steps(), s.seconds(), s.stepsPerSecond(), s.episodesPerSecond(), s.meanReturn(), s.out());
            return 0;
        }
    }
}
