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
 * Repetitions interleave the three loops, after an untimed warm-up round, so that a noisy machine slows them alike;
 * the overhead is the ratio of the summed per-frame times.
 */
public final class AtariOverhead {

    /** Summed seconds (wall clock; thread CPU time in {@code cpu}) and frames of each loop. */
    public record Result(String game, int repeats, long frames, double rawSeconds, double pooledSeconds, double wrappedSeconds,
                         double[] cpu) {
        public double rawFps() { return frames / rawSeconds; }

        public double pooledFps() { return frames / pooledSeconds; }

        public double wrappedFps() { return frames / wrappedSeconds; }

        /** Wrapped time per frame over raw time per frame, minus one. */
        public double overheadVsRaw() { return wrappedSeconds / rawSeconds - 1; }

        public double overheadVsPooled() { return wrappedSeconds / pooledSeconds - 1; }

        @Override public String toString() {
            return String.format("%s, %d repetitions, %,d frames per loop:%n"
                            + "  raw ALE (act + getScreenRGB every frame) %,10.0f frames/s%n"
                            + "  raw ALE (act, screens of frames 3-4 of 4) %,9.0f frames/s%n"
                            + "  SB3 wrapper stack (NoFrameskip-v4)      %,10.0f frames/s (%,.0f env steps/s)%n"
                            + "  wrapper overhead (wall): %+.1f%% vs raw, %+.1f%% vs raw with pooled screens only%n"
                            + "  wrapper overhead (thread CPU time): %+.1f%% vs raw, %+.1f%% vs raw with pooled screens only",
                    game, repeats, frames, rawFps(), pooledFps(), wrappedFps(), wrappedFps() / 4,
                    100 * overheadVsRaw(), 100 * overheadVsPooled(), 100 * (cpu[2] / cpu[0] - 1), 100 * (cpu[2] / cpu[1] - 1));
        }
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
            long frames = 0;
            double raw = 0, pooled = 0, wrappedTime = 0;
            double[] cpu = new double[3];
            for (int round = 0; round <= repeats; round++) { // round 0 warms up
                long f0 = base.frameNumber(), t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
                wrapped(wrapped, steps, rng);
                long n = base.frameNumber() - f0, t1 = System.nanoTime(), c1 = threads.getCurrentThreadCpuTime();
                raw(ale, actions, n, false, rng);
                long t2 = System.nanoTime(), c2 = threads.getCurrentThreadCpuTime();
                raw(ale, actions, n, true, rng);
                long t3 = System.nanoTime(), c3 = threads.getCurrentThreadCpuTime();
                if (round == 0) continue;
                frames += n;
                wrappedTime += (t1 - t0) * 1e-9;
                raw += (t2 - t1) * 1e-9;
                pooled += (t3 - t2) * 1e-9;
                cpu[0] += (c2 - c1) * 1e-9;
                cpu[1] += (c3 - c2) * 1e-9;
                cpu[2] += (c1 - c0) * 1e-9;
            }
            wrapped.close();
            return new Result(game, repeats, frames, raw, pooled, wrappedTime, cpu);
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
    private static void raw(ALEInterface ale, int[] actions, long frames, boolean pooledOnly, Rng rng) {
        byte[] screen = new byte[AtariEnv.HEIGHT * AtariEnv.WIDTH * 3];
        int action = actions[0];
        long start = ale.getFrameNumber();
        for (long f = 0; ale.getFrameNumber() - start < frames; f++) {
            if (f % 4 == 0) action = actions[rng.nextInt(actions.length)];
            ale.act(action);
            if (!pooledOnly || f % 4 >= 2) ale.getScreenRGB(screen);
            if (ale.game_over()) ale.reset_game();
        }
    }
}
