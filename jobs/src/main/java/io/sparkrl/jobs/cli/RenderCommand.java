package io.sparkrl.jobs.cli;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.policy.Policy;
import io.sparkrl.rollout.policy.Policies;
import io.sparkrl.storage.BadInputException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Play episodes locally (no Spark) and record them as one video (looping GIF or MP4).",
                "Episode i is reset with seed+i, the same episode sparkrl rollout plays for that seed."})
final class RenderCommand implements Callable<Integer> {
    @Option(names = "--env", required = true, description = "Environment id, e.g. CartPole-v1 (see sparkrl info).")
    String env;

    @Option(names = "--env-options", paramLabel = "OPTIONS", description = Descriptions.ENV_OPTIONS)
    String envOptions;

    @Option(names = "--policy", defaultValue = "random",
            description = Descriptions.POLICY + " Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = "--seed", defaultValue = "0", description = "Base seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--episodes", defaultValue = "1", description = "Episodes to play. Default: ${DEFAULT-VALUE}.")
    int episodes;

    @Option(names = "--record", required = true, description = "The video to write (replaced if it exists): a looping GIF (cartpole.gif) or an H.264 MP4 (cartpole.mp4).")
    Path record;

    @Option(names = "--every", defaultValue = "1",
            description = "Keep every k-th frame (smaller video, same playback speed). Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--max-episode-steps", defaultValue = "1000",
            description = "Cut episodes at this many steps (registered envs have their own time limit). Default: ${DEFAULT-VALUE}.")
    int maxEpisodeSteps;

    @Override public Integer call() {
        if (episodes <= 0) throw new BadInputException("--episodes must be positive, got " + episodes);
        if (every <= 0) throw new BadInputException("--every must be positive, got " + every);
        if (maxEpisodeSteps <= 0) throw new BadInputException("--max-episode-steps must be positive, got " + maxEpisodeSteps);
        EpisodePrinter.checkRecordPath(record);
        Env<float[]> environment = new EnvRecipe(env, envOptions).make();
        Policy actor = Policies.byName(policy, environment);
        EpisodePrinter.play("render " + env, environment, actor, seed, episodes, maxEpisodeSteps, record, every);
        return 0;
    }
}
