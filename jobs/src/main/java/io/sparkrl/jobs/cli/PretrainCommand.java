package io.sparkrl.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.jobs.PretrainJob;
import io.sparkrl.jobs.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrain an agent offline from steps tables (record-bots, rollout or train runs, mixed), selected",
                "with a Spark SQL predicate over each step and its episode (episode_return, episode_length, episode_seed,",
                "policy, reward, step, ...). --algo bc clones the recorded actions into the policy of --learner; the result",
                "is a run directory: `sparkrl play --run OUT` plays it, `sparkrl train --init-from OUT` fine-tunes it."})
final class PretrainCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR[,DIR...]", description = "Run directories holding steps and episodes tables.")
    List<String> data;

    @Option(names = "--where", paramLabel = "SQL", description = "Spark SQL predicate selecting steps, e.g. \"episode_return > 100\".")
    String where;

    @Option(names = "--algo", defaultValue = "bc", description = "bc (behaviour cloning). Default: ${DEFAULT-VALUE}.")
    String algo;

    @Option(names = "--learner", defaultValue = "ppo", description = "The learner whose policy bc fits and train fine-tunes: ppo, a2c or reinforce. Default: ${DEFAULT-VALUE}.")
    String learner;

    @Option(names = "--run", required = true, description = "Output run directory (must not exist).")
    Path run;

    @Option(names = "--epochs", defaultValue = "5", description = "Passes over the selected steps. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "256", description = "Steps per gradient step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the network init and the shuffles. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A hyper-parameter of the learner (network, learning_rate, ...), repeatable.")
    Map<String, String> set = new java.util.LinkedHashMap<>();

    @Override public Integer call() throws Exception {
        PretrainJob.Options o = new PretrainJob.Options(data, where, algo, learner, run, seed, epochs, batchSize,
                TrainCommand.overridesJson(null, set, null, null));
        try (SparkSessions.Session session = spark.open("sparkrl pretrain " + algo)) {
            PretrainJob.Summary s = PretrainJob.run(session.spark(), o, (epoch, loss, accuracy) -> System.out.printf(Locale.ROOT,
                    "epoch %d: bc loss %.4f%s%n", epoch, loss, Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, ", accuracy %.3f", accuracy)));
            System.out.println("pretrained " + new ObjectMapper().writeValueAsString(PretrainJob.describe(s)) + " -> " + run);
            return 0;
        }
    }
}
