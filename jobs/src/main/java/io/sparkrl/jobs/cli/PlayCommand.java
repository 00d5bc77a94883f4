package io.sparkrl.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkrl.jobs.Evaluations;
import io.sparkrl.jobs.TrainJob;
import io.sparkrl.rollout.io.AtomicFiles;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.SingleObservationPolicy;
import io.sparkrl.rollout.render.DebugFrames;
import io.sparkrl.rollout.render.ObservationTap;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Agent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "play", mixinStandardHelpOptions = true,
        description = {"Watch a trained agent: play episodes with the run's latest checkpoint (or --best) (no Spark), print the",
                "returns, and optionally record them as a video (GIF or MP4) and write a JSON summary (--summary)."})
final class PlayCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "A training run directory.")
    Path run;

    @Option(names = "--episodes", defaultValue = "5", description = "Episodes to play. Default: ${DEFAULT-VALUE}.")
    int episodes;

    @Option(names = "--best", description = "Play the run's best-evaluated learner (best/, kept by train --eval-every) instead of its latest checkpoint.")
    boolean best;

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

    @Option(names = "--summary", paramLabel = "FILE.json",
            description = "Also write the episodes' statistics as JSON (episodes, mean/std/min/max return, mean length, per-episode returns"
                    + " and lengths), atomically: readers never see a partial file. Its directory is created if missing.")
    Path summary;

    @Override public Integer call() {
        if (episodes <= 0) throw new BadInputException("--episodes must be positive, got " + episodes);
        if (every <= 0) throw new BadInputException("--every must be positive, got " + every);
        EpisodePrinter.checkRecordPath(record);
        checkSummaryPath(summary);
        TrainJob.Checkpoint checkpoint = best ? TrainJob.best(run) : TrainJob.latest(run);
        Agent agent = checkpoint.agent();
        Env<float[]> env = checkpoint.config().env().make();
        if (debugFrames != null) env = new ObservationTap(env, new DebugFrames(debugFrames, env.observationSpace()));
        SingleObservationPolicy policy = new SingleObservationPolicy(agent.algo(), agent.policy(), env.observationSpace(),
                env.actionSpace(), deterministic);
        EpisodePrinter.Played played = EpisodePrinter.play("play " + agent.algo() + " " + checkpoint.config().envId() + " after "
                + agent.envSteps() + " steps", env, policy, seed, episodes, 1_000_000, record, every);
        if (summary != null) {
            writeSummary(summary, summaryOf(played, agent.algo(), checkpoint.config().envId(), agent.envSteps()));
            System.out.println("summary -> " + summary);
        }
        return 0;
    }

    /** Refuses a --summary that cannot be written before any episode is played. */
    static void checkSummaryPath(Path summary) {
        if (summary == null) return;
        if (Files.isDirectory(summary))
            throw new BadInputException("--summary " + summary + " is a directory: give a file name, e.g. " + summary.resolve("summary.json"));
        Path dir = summary.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("--summary: cannot create its directory " + dir + " (" + e.getMessage() + "): choose a writable path");
        }
        if (!Files.isWritable(dir)) throw new BadInputException("--summary: directory " + dir + " is not writable: choose a writable path");
    }

    Map<String, Object> summaryOf(EpisodePrinter.Played played, String algo, String envId, long envSteps) {
        double[] r = played.returns();
        Evaluations.Result stats = Evaluations.Result.of(0, envSteps, r, played.lengths());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("run", run.toString());
        s.put("algo", algo);
        s.put("env", envId);
        s.put("env_steps", envSteps);
        s.put("deterministic", deterministic);
        s.put("seed", seed);
        s.put("episodes", r.length);
        s.put("mean_return", stats.meanReturn());
        s.put("std_return", stats.stdReturn());
        s.put("min_return", stats.minReturn());
        s.put("max_return", stats.maxReturn());
        s.put("mean_length", stats.meanLength());
        s.put("returns", r);
        s.put("lengths", played.lengths());
        return s;
    }

    private static void writeSummary(Path file, Map<String, Object> summary) {
        try {
            byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary);
            AtomicFiles.write(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --summary " + file, e);
        }
    }
}
