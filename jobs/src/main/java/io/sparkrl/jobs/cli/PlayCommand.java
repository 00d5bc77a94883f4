package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.TrainJob;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.SingleObservationPolicy;
import io.sparkrl.rollout.render.DebugFrames;
import io.sparkrl.rollout.render.ObservationTap;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Agent;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"Watch a trained agent: play episodes with the run's latest checkpoint (no Spark), print the",
                "returns, and optionally record them as a video (GIF or MP4)."})
final class PlayCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "A training run directory.")
    Path run;

    @Option(names = "--episodes", defaultValue = "5", description = "Episodes to play. Default: ${DEFAULT-VALUE}.")
    int episodes;

    @Option(names = "--deterministic", description = "Take the policy's most likely action instead of sampling.")
    boolean deterministic;

    @Option(names = "--seed", defaultValue = "1000000", description = "Base seed (episode i is reset with seed+i). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--record", description = "Record the episodes as one video: a looping GIF (play.gif) or an H.264 MP4 (play.mp4).")
    Path record;

    @Option(names = "--debug-frames", paramLabel = "DIR",
            description = "Also write every observation the agent sees as a PNG (image observations: the planes side by side), DIR/episode-N/step-M.png.")
    Path debugFrames;

    @Option(names = "--every", defaultValue = "1", description = "Keep every k-th frame of the recording. Default: ${DEFAULT-VALUE}.")
    int every;

    @Override public Integer call() {
        if (episodes <= 0) throw new BadInputException("--episodes must be positive, got " + episodes);
        if (every <= 0) throw new BadInputException("--every must be positive, got " + every);
        EpisodePrinter.checkRecordPath(record);
        TrainJob.Checkpoint checkpoint = TrainJob.latest(run);
        Agent agent = checkpoint.agent();
        Env<float[]> env = checkpoint.config().env().make();
        if (debugFrames != null) env = new ObservationTap(env, new DebugFrames(debugFrames, env.observationSpace()));
        SingleObservationPolicy policy = new SingleObservationPolicy(agent.algo(), agent.policy(), env.observationSpace(),
                env.actionSpace(), deterministic);
        EpisodePrinter.play("play " + agent.algo() + " " + checkpoint.config().envId() + " after " + agent.envSteps()
                + " steps", env, policy, seed, episodes, 1_000_000, record, every);
        return 0;
    }
}
