package io.sparkrl.rollout.bench;

import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.atari.AtariEnv;
import io.sparkrl.rollout.env.atari.AtariIds;
import io.sparkrl.rollout.render.Renderer;
import io.sparkrl.rollout.render.Renderers;
import io.sparkrl.rollout.render.VideoWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What recording an Atari game costs in each video format: the same frames of {@code ALE/Tetris-v5} (seeded, random
 * actions, a new game at game over), drawn by the Atari renderer (480 x 420), written to a GIF and to an MP4. Only
 * the writer's calls are timed (writes and commit; the MP4 encoder works in its own process, so its time is what the
 * writes wait on the pipe plus the commit's wait for the end), not the emulator or the renderer.
 *
 * <p>Run: {@code java -cp rollout/target/classes:<rollout's runtime classpath> io.sparkrl.rollout.bench.VideoEncoding
 * ROM FRAMES DIR}, e.g. {@code ../shared/roms/tetris.bin 1000 /tmp/video-bench}.
 */
public final class VideoEncoding {
    private VideoEncoding() {}

    public static void main(String[] args) throws IOException {
        Path rom = Path.of(args[0]), dir = Files.createDirectories(Path.of(args[2]));
        int frames = Integer.parseInt(args[1]);
        encode(rom, 100, dir.resolve("warm-up.gif"));
        encode(rom, 100, dir.resolve("warm-up.mp4"));
        for (String name : new String[] {"tetris.gif", "tetris.mp4"}) {
            Path file = dir.resolve(name);
            double seconds = encode(rom, frames, file);
            System.out.printf(Locale.ROOT, "%s: %d frames in %.2f s = %.0f frames/s, %,d bytes (%.2f KB/frame)%n", name, frames,
                    seconds, frames / seconds, Files.size(file), Files.size(file) / 1024.0 / frames);
        }
    }

    /** Writes {@code frames} frames into {@code file}; returns the seconds spent in the writer. */
    private static double encode(Path rom, int frames, Path file) {
        try (AtariEnv env = new AtariEnv(new EnvSpec("ALE/Tetris-v5", 0, Double.NaN), AtariIds.config("ALE/Tetris-v5"), rom);
             VideoWriter video = VideoWriter.open(file, 15, 1)) {
            Renderer renderer = Renderers.forEnv(env);
            Rng actions = new Rng(1);
            env.reset(1);
            long nanos = 0;
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = renderer.render();
                long start = System.nanoTime();
                video.write(frame);
                nanos += System.nanoTime() - start;
                if (env.step(actions.nextInt(((Space.Discrete) env.actionSpace()).n())).done()) env.reset();
            }
            long start = System.nanoTime();
            video.commit();
            return (nanos + System.nanoTime() - start) / 1e9;
        }
    }
}
