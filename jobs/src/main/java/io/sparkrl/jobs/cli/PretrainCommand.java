package io.sparkrl.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.jobs.ClusterChecks;
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
                "is a run directory: `sparkrl play --run OUT` plays it, `sparkrl train --init-from OUT` fine-tunes it.",
                "--algo dqn fits a Q-network offline (one-step double/plain DQN targets), --algo cql adds conservative Q-learning's",
                "penalty on actions the data did not take."})
final class PretrainCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;
    @Mixin FitOptions fit;

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR[,DIR...]", description = "Run directories holding steps and episodes tables.")
    List<String> data;

    @Option(names = "--where", paramLabel = "SQL", description = "Spark SQL predicate selecting steps, e.g. \"episode_return > 100\".")
    String where;

    @Option(names = "--algo", defaultValue = "bc", description = "bc (behaviour cloning), dqn (offline DQN) or cql (conservative Q-learning). Default: ${DEFAULT-VALUE}.")
    String algo;

    @Option(names = "--learner", description = "For bc: the learner whose policy it fits and train fine-tunes, ppo (default), a2c or reinforce; dqn and cql fit dqn.")
    String learner;

    @Option(names = "--cql-alpha", defaultValue = "1.0", description = "Weight of CQL's penalty on actions the data did not take. Default: ${DEFAULT-VALUE}.")
    double cqlAlpha;

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
        PretrainJob.Options o = new PretrainJob.Options(data, where, algo, learner, run, seed, epochs, batchSize, cqlAlpha,
                TrainCommand.overridesJson(null, set, null, null), fit.fitting());
        try (SparkSessions.Session session = spark.open("sparkrl pretrain " + algo)) {
            if (o.fit().distributed()) ClusterChecks.checkNd4jOnExecutors(session.spark()); // the executors fit networks
            PretrainJob.Summary s = PretrainJob.run(session.spark(), o, (epoch, loss, accuracy) -> System.out.printf(Locale.ROOT,
                    "epoch %d: %s loss %.4f%s%n", epoch, algo, loss,
                    Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, ", greedy action = recorded action %.3f", accuracy)));
            System.out.println("pretrained " + new ObjectMapper().writeValueAsString(PretrainJob.describe(s)) + " -> " + run);
            return 0;
        }
    }
}
