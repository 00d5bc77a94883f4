package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.atari.AtariEnv;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * An Atari game's full-colour screen (Gymnasium's {@code rgb_array}, 210 x 160, whatever the env observes), each
 * pixel drawn {@value #SCALE_X} px wide and {@value #SCALE_Y} px high: the 2600's pixels are wider than high
 * (about 1.7 : 1 on a TV), and the even sizes suit H.264.
 *
 * <p>Frame rate: the console draws 60 frames a second, and a recording gets one frame per agent step, so
 * {@code fps = 60 / emulated frames per step}. An env that skips frames itself (ALE/...-v5: 4; ...-v4: 2 to 4,
 * 3 on average) says how many in its config. Over a NoFrameskip env, wrappers may skip (SB3's max-and-skip: 4) and
 * only the emulator's frame counter shows how many: the renderer counts the frames between its first two pictures
 * (a reset's and the first step's), so {@link #fps()} is exact once it has drawn a step (60 before).
 */
final class AtariRenderer implements Renderer {
    static final int SCALE_X = 3, SCALE_Y = 2;
    private static final int CONSOLE_FPS = 60;
    private final AtariEnv env;
    private final int[] palette;
    private final byte[] indices = new byte[AtariEnv.HEIGHT * AtariEnv.WIDTH];
    private int renders;
    private int firstFrameNumber;
    /** Emulated frames between the first two pictures (0 until measured). */
    private int framesPerStep;

    AtariRenderer(AtariEnv env) {
        this.env = env;
        this.palette = env.paletteRgb();
    }

    @Override public int width() { return AtariEnv.WIDTH * SCALE_X; }

    @Override public int height() { return AtariEnv.HEIGHT * SCALE_Y; }

    @Override public int fps() {
        AtariEnv.Config config = env.config();
        if (config.frameskipMax() > 1) return (int) Math.round(2.0 * CONSOLE_FPS / (config.frameskipMin() + config.frameskipMax()));
        return framesPerStep > 0 ? Math.max(1, Math.round((float) CONSOLE_FPS / framesPerStep)) : CONSOLE_FPS;
    }

    @Override public BufferedImage render() {
        if (renders++ == 0) firstFrameNumber = env.frameNumber();
        else if (renders == 2) framesPerStep = env.frameNumber() - firstFrameNumber;
        env.screenIndicesInto(indices);
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int rowWidth = width();
        for (int y = 0; y < AtariEnv.HEIGHT; y++) {
            int row = y * SCALE_Y * rowWidth;
            for (int x = 0; x < AtariEnv.WIDTH; x++) {
                int rgb = palette[indices[y * AtariEnv.WIDTH + x] & 0xFF];
                for (int i = 0; i < SCALE_X; i++) pixels[row + x * SCALE_X + i] = rgb;
            }
            for (int i = 1; i < SCALE_Y; i++) System.arraycopy(pixels, row, pixels, row + i * rowWidth, rowWidth);
        }
        return image;
    }
}
