package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * A MinAtar game as upstream's GUI shows it: each cell in the colour of the highest channel set there, black where
 * none is, colours from seaborn's {@code cubehelix} palette of one colour per channel; cells {@value #CELL} px wide.
 */
final class MinAtarRenderer implements Renderer {
    static final int CELL = 16;
    /** Upstream's GUI shows a frame every 50 ms. */
    private static final int FPS = 20;
    private static final int SIZE = MinAtarEnv.SIZE;
    private final MinAtarEnv env;
    private final int[] channelRgb;

    MinAtarRenderer(MinAtarEnv env) {
        this.env = env;
        this.channelRgb = palette(env.channels().size());
    }

    @Override public int width() { return SIZE * CELL; }

    @Override public int height() { return SIZE * CELL; }

    @Override public int fps() { return FPS; }

    @Override public BufferedImage render() {
        float[] obs = env.observation();
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++)
            for (int x = 0; x < SIZE; x++) {
                int rgb = Color.BLACK.getRGB();
                for (int c = 0; c < channelRgb.length; c++)
                    if (obs[MinAtarEnv.index(c, x, y)] != 0) rgb = channelRgb[c];
                for (int py = y * CELL; py < (y + 1) * CELL; py++)
                    for (int px = x * CELL; px < (x + 1) * CELL; px++) image.setRGB(px, py, rgb);
            }
        return image;
    }

    /**
     * seaborn's {@code color_palette("cubehelix", n)}: matplotlib's cubehelix map (gamma 1, start 0.5, rotations
     * -1.5, hue 1; a 256-entry lookup table) at n evenly spaced points strictly inside [0, 1].
     */
    static int[] palette(int n) {
        int[] rgb = new int[n];
        for (int i = 0; i < n; i++) {
            double x = (i + 1) / (double) (n + 1);
            double lut = Math.min(255, (int) (x * 256)) / 255.0;
            rgb[i] = new Color(cubehelix(lut, -0.14861, 1.78277), cubehelix(lut, -0.29227, -0.90649),
                    cubehelix(lut, 1.97294, 0.0)).getRGB();
        }
        return rgb;
    }

    private static float cubehelix(double x, double p0, double p1) {
        double amplitude = x * (1 - x) / 2;
        double phi = 2 * Math.PI * (0.5 / 3 - 1.5 * x);
        return (float) Math.max(0, Math.min(1, x + amplitude * (p0 * Math.cos(phi) + p1 * Math.sin(phi))));
    }
}
