package io.sparkrl.rollout.bench;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.env.atari.AtariEnv;
import io.sparkrl.rollout.env.atari.AtariIds;
import io.sparkrl.rollout.env.atari.AtariOptions;
import io.sparkrl.rollout.env.atari.BadAtariInputException;
import io.sparkrl.rollout.env.atari.Roms;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import org.bytedeco.ale.ALEInterface;

/**
 * What sparkrl's Atari wrappers cost on top of ALE itself, per emulated frame, on the calling thread.
 *
 * <p>Three loops over the same game, seed and action stream (uniform over the minimal set): <b>raw</b> is a bare
 * {@link ALEInterface} doing {@code act} plus {@code getScreenRGB} on every frame; <b>raw-pooled</b> is the same
 * but grabs only the last two screens of every 4 frames (the least a max-pooling frame skip needs); <b>wrapped</b>
 * is {@code <Game>NoFrameskip-v4} inside the full SB3 stack ({@link AtariOptions#SB3}: no-op reset, max-and-skip 4,
 * episodic life, fire reset, 84x84 gray warp, frame stack 4), an env step per 4 frames. Frames are counted by ALE
 * ({@code getFrameNumber}, resets included) and each raw loop plays as many frames as the wrapped one just did.
 * Rounds interleave the three loops in rotating order, after an untimed warm-up round, so that a noisy machine slows
 * them alike; the overhead is the ratio of per-frame times (summed over rounds; and the median of the rounds' ratios).
 */
public final class AtariOverhead {

    /**
     * Seconds per frame of each loop ([0] wrapped, [1] raw, [2] raw with pooled screens only), by wall clock and by
     * thread CPU time, and the median over rounds of the wrapped/raw CPU-time ratios, minus one.
     */
    public record Result(String game, int repeats, long wrappedFrames, double[] wall, double[] cpu,
                         double medianOverheadVsRaw, double medianOverheadVsPooled) {

        @Override public String toString() {
            return String.format("%s, %d rounds, %,d wrapped frames:%n"
                            + "  raw ALE (act + getScreenRGB every frame)   %,9.0f frames/s%n"
                            + "  raw ALE (act, screens of frames 3-4 of 4)  %,9.0f frames/s%n"
                            + "  SB3 wrapper stack (NoFrameskip-v4)         %,9.0f frames/s (%,.0f env steps/s)%n"
                            + "  overhead, wall clock:      %+6.1f%% vs raw, %+6.1f%% vs raw with pooled screens only%n"
                            + "  overhead, thread CPU time: %+6.1f%% vs raw, %+6.1f%% vs raw with pooled screens only%n"
                            + "  overhead, median of rounds (CPU): %+6.1f%% vs raw, %+6.1f%% vs raw with pooled screens only",
                    game, repeats, wrappedFrames, 1 / wall[1], 1 / wall[2], 1 / wall[0], 1 / wall[0] / 4,
                    100 * (wall[0] / wall[1] - 1), 100 * (wall[0] / wall[2] - 1),
                    100 * (cpu[0] / cpu[1] - 1), 100 * (cpu[0] / cpu[2] - 1),
                    100 * medianOverheadVsRaw, 100 * medianOverheadVsPooled);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private AtariOverhead() {}

    /**
     * Runs {@code repeats} rounds of {@code steps} wrapped env steps (and the same frames raw) on {@code game}
     * (a name such as {@code Tetris}) with the ROM from {@link Roms#directory}.
     */
    public static Result run(String game, int steps, int repeats) {
        if (steps < 1 || repeats < 1) throw new BadAtariInputException("Atari bench: steps and repeats must be positive");
        String id = game + "NoFrameskip-v4";
        AtariEnv.Config config = AtariIds.config(id);
        if (config == null) throw new BadAtariInputException("Atari bench: '" + game + "' is not an ALE game name (e.g. Tetris, Pong)");
        Path rom = Roms.resolve(config.rom());
        AtariEnv base = new AtariEnv(new EnvSpec(id, 0, Double.NaN), config, rom);
        ALEInterface ale = new ALEInterface();
        try {
            ale.setInt("random_seed", 1);
            ale.setFloat("repeat_action_probability", 0f);
            ale.loadROM(rom.toAbsolutePath().toString());
            int[] actions = base.aleActions();
            @SuppressWarnings("unchecked")
            Env<byte[]> wrapped = (Env<byte[]>) AtariOptions.SB3.wrap(base);
            wrapped.reset(1);
            Rng rng = new Rng(1);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[] frames = new long[3];
            double[] wall = new double[3], cpu = new double[3];
            double[][] ratios = new double[2][repeats];
            long n = 0;
            for (int round = 0; round <= repeats; round++) { // round 0 warms up (and measures the first frame count)
                long[] f = new long[3];
                double[] w = new double[3], c = new double[3];
                for (int k = 0; k < 3; k++) {
                    int loop = round == 0 ? k : (k + round) % 3; // rotate the order: no loop always runs first
                    long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
                    if (loop == 0) {
                        long f0 = base.frameNumber();
                        wrapped(wrapped, steps, rng);
                        f[0] = base.frameNumber() - f0;
                    } else {
                        f[loop] = raw(ale, actions, round == 0 ? f[0] : n, loop == 2, rng);
                    }
                    w[loop] = (System.nanoTime() - t0) * 1e-9;
                    c[loop] = (threads.getCurrentThreadCpuTime() - c0) * 1e-9;
                }
                n = f[0];
                if (round == 0) continue;
                for (int k = 0; k < 3; k++) {
                    frames[k] += f[k];
                    wall[k] += w[k];
                    cpu[k] += c[k];
                }
                ratios[0][round - 1] = (c[0] / f[0]) / (c[1] / f[1]);
                ratios[1][round - 1] = (c[0] / f[0]) / (c[2] / f[2]);
            }
            wrapped.close();
            double[] perFrameWall = new double[3], perFrameCpu = new double[3];
            for (int k = 0; k < 3; k++) {
                perFrameWall[k] = wall[k] / frames[k];
                perFrameCpu[k] = cpu[k] / frames[k];
            }
            return new Result(game, repeats, frames[0], perFrameWall, perFrameCpu, median(ratios[0]) - 1, median(ratios[1]) - 1);
        } finally {
            base.close();
            ale.close();
        }
    }

    private static void wrapped(Env<byte[]> env, int steps, Rng rng) {
        int n = ((Space.Discrete) env.actionSpace()).n();
        for (int t = 0; t < steps; t++) {
            StepResult<byte[]> r = env.step(rng.nextInt(n));
            if (r.done()) env.reset();
        }
    }

    /** {@code frames} frames of random actions (a new one every 4 frames); screens of all frames or of frames 3-4 of 4. */
    private static long raw(ALEInterface ale, int[] actions, long frames, boolean pooledOnly, Rng rng) {
        byte[] screen = new byte[AtariEnv.HEIGHT * AtariEnv.WIDTH * 3];
        int action = actions[0];
        long start = ale.getFrameNumber();
        for (long f = 0; ale.getFrameNumber() - start < frames; f++) {
            if (f % 4 == 0) action = actions[rng.nextInt(actions.length)];
            ale.act(action);
            if (!pooledOnly || f % 4 >= 2) ale.getScreenRGB(screen);
            if (ale.game_over()) ale.reset_game();
        }
        return ale.getFrameNumber() - start;
    }
}
