package io.sparkrl.rollout.render;

import java.awt.image.BufferedImage;

/**
 * Draws an env's current state as a picture, like Gymnasium's {@code render_mode="rgb_array"}. Rendering is
 * headless Java2D: no window, no display needed.
 */
public interface Renderer {

    int width();

    int height();

    /**
     * Frames per second at which the env's motion looks real time (Gymnasium's {@code metadata["render_fps"]}), a
     * frame per step. Exact once the renderer has drawn a frame after a step: an Atari env's depends on how many
     * frames its wrappers skip, which only a step shows.
     */
    int fps();

    /** A new RGB image of the env's current state. */
    BufferedImage render();
}
