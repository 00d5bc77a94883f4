package io.sparkrl.jobs.cli;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.training.Backend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print versions, the ND4J backend and the registered environments.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--no-backend", description = "Skip loading ND4J (faster).")
    boolean noBackend;

    @Override public Integer call() {
        System.out.println("java " + System.getProperty("java.version") + ", spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION());
        if (!noBackend) Backend.describe().forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println("environments:");
        for (String id : EnvRegistry.ids()) {
            try (Env<?> env = EnvRegistry.make(id)) {
                System.out.printf("  %-28s obs %s, actions %s, time limit %d%n", id, env.observationSpace(),
                        env.actionSpace(), env.spec().maxEpisodeSteps());
            }
        }
        return 0;
    }
}
