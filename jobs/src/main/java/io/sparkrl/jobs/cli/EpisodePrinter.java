package io.sparkrl.jobs.cli;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.policy.Policy;
import io.sparkrl.rollout.render.EpisodeRecorder;
import io.sparkrl.rollout.render.VideoFormat;
import io.sparkrl.rollout.runner.EpisodeData;
import io.sparkrl.rollout.runner.EpisodePlayer;
import io.sparkrl.storage.BadInputException;
import java.nio.file.Path;
import java.util.Locale;

/** Plays episodes locally with a policy, prints each return, and records them as a GIF or MP4 when asked (render, play). */
final class EpisodePrinter {
    private EpisodePrinter() {}

    static void checkRecordPath(Path record) {
        if (record == null) return;
        try {
            VideoFormat.of(record);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--record: " + e.getMessage());
        }
    }

    /** The returns and lengths of the episodes played, in order. */
    record Played(double[] returns, int[] lengths) {
        double meanReturn() { return java.util.Arrays.stream(returns).average().orElse(Double.NaN); }
    }

    /** Episode i is reset with {@code seed + i}. */
    static Played play(String label, Env<float[]> env, Policy policy, long seed, int episodes, int maxEpisodeSteps,
                       Path record, int keepEvery) {
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        int[] played = {0};
        java.util.function.Consumer<EpisodeData> print = episode -> {
            returns[played[0]] = episode.episodeReturn();
            lengths[played[0]++] = episode.length();
            System.out.printf(Locale.ROOT, "episode %d (seed %d): return %.2f, %d steps%n",
                    episode.episodeId(), episode.seed(), episode.episodeReturn(), episode.length());
        };
        String recorded = "";
        if (record == null) {
            EpisodePlayer player = new EpisodePlayer(env, policy);
            for (int i = 0; i < episodes; i++) print.accept(player.play(i, seed + i, maxEpisodeSteps));
        } else {
            EpisodeRecorder.Recording video = new EpisodeRecorder(env, policy)
                    .record(record, keepEvery, seed, episodes, maxEpisodeSteps, print);
            recorded = String.format(Locale.ROOT, ", %d frames at %.1f fps -> %s", video.frames(), video.fps(), video.file());
        }
        Played result = new Played(returns, lengths);
        System.out.printf(Locale.ROOT, "%s: %d episodes, mean return %.2f%s%n", label, episodes, result.meanReturn(), recorded);
        return result;
    }
}
