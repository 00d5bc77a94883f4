package io.sparkrl.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "record-bots", mixinStandardHelpOptions = true,
        description = {"Record scripted-bot experience for offline pretraining: play the bot in parallel Spark partitions,",
                "with optional epsilon-noise so the data covers more than the bot's own states, and write the steps and",
                "episodes Parquet tables (the same tables as rollout and train; `sparkrl pretrain --data DIR` reads them)."})
final class RecordBotsCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Mixin EpisodeJobOptions episodes;

    @Option(names = "--bot", defaultValue = "bot", description = "The scripted bot: bot (the env's default), a bot's name (docs/BOTS.md) or your Bot class. Default: ${DEFAULT-VALUE}.")
    String bot;

    @Option(names = "--epsilon", defaultValue = "0", description = "Probability of a uniformly random action instead of the bot's. Default: ${DEFAULT-VALUE}.")
    double epsilon;

    @Override public Integer call() throws Exception {
        return RolloutCommand.run(spark, episodes.job(bot, epsilon), "record-bots");
    }
}
