package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.HasState;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * A {@link Renderer} that draws from an env's physical state ({@link HasState}). Subclasses draw in
 * Gymnasium's pygame coordinates (pixels, origin bottom-left, y up), so their code reads like Gymnasium's
 * {@code render()}; the vertical flip pygame does at the end is the transform set up here.
 */
abstract class StateRenderer implements Renderer {
    static {
        // Rendering must work on machines without a display (Spark executors, CI).
        System.setProperty("java.awt.headless", "true");
    }

    private final HasState env;
    private final int width;
    private final int height;
    private final int fps;

    StateRenderer(HasState env, int width, int height, int fps) {
        this.env = env;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    @Override public final int width() { return width; }

    @Override public final int height() { return height; }

    @Override public final int fps() { return fps; }

    @Override public final BufferedImage render() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.transform(new AffineTransform(1, 0, 0, -1, 0, height));
            draw(g, env.state());
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Draws {@code state} in y-up pixel coordinates on a white background. */
    abstract void draw(Graphics2D g, double[] state);

    /**
     * The filled polygon {@code points} (x0, y0, x1, y1, ...) rotated by {@code angle} radians counter-clockwise
     * about the origin, then moved to {@code (dx, dy)}: pygame's {@code Vector2.rotate_rad} followed by a shift.
     */
    static void fillRotated(Graphics2D g, Color color, double angle, double dx, double dy, double... points) {
        double cos = Math.cos(angle), sin = Math.sin(angle);
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < points.length; i += 2) {
            double x = points[i] * cos - points[i + 1] * sin + dx, y = points[i] * sin + points[i + 1] * cos + dy;
            if (i == 0) path.moveTo(x, y);
            else path.lineTo(x, y);
        }
        path.closePath();
        g.setColor(color);
        g.fill(path);
    }

    /** The rectangle {@code [left, right] x [bottom, top]}, rotated and moved as {@link #fillRotated}. */
    static void fillRotatedRect(Graphics2D g, Color color, double angle, double dx, double dy,
                                double left, double right, double top, double bottom) {
        fillRotated(g, color, angle, dx, dy, left, bottom, left, top, right, top, right, bottom);
    }

    static void fillCircle(Graphics2D g, Color color, double x, double y, double radius) {
        g.setColor(color);
        g.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
    }
}
