package io.sparkrl.rollout.render;

import java.awt.image.BufferedImage;

/**
 * Draws an env's current state as a picture, like Gymnasium's {@code render_mode="rgb_array"}. Rendering is
 * headless Java2D: no window, no display needed.
 */
public interface Renderer {

    int width();

    int height();

    /** Frames per second at which the env's motion looks real time (Gymnasium's {@code metadata["render_fps"]}). */
    int fps();

    /** A new RGB image of the env's current state. */
    BufferedImage render();
}
