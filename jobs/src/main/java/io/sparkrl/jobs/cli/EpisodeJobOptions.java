package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.RolloutJob;
import picocli.CommandLine.Option;

/** What rollout and record-bots share: the env, how many episodes, where they go. */
final class EpisodeJobOptions {
    @Option(names = "--env", required = true, description = "Environment id, e.g. CartPole-v1 (see sparkrl info).")
    String env;

    @Option(names = "--env-options", paramLabel = "OPTIONS", description = Descriptions.ENV_OPTIONS)
    String envOptions;

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

    RolloutJob.Options job(String policy, double epsilon) {
        return new RolloutJob.Options(env, envOptions, policy, epsilon, episodes, partitions, out, seed, maxEpisodeSteps);
    }
}
