package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.HasState;
import java.awt.Color;
import java.awt.Graphics2D;

/**
 * Pendulum-v1 as Gymnasium draws it: 500x500, the red rod with a rounded end, pointing up at theta = 0, on a
 * black pivot. (Gymnasium's torque arrow needs the last action, which the state does not hold; it is left out.)
 */
final class PendulumRenderer extends StateRenderer {
    static final Color ROD = new Color(204, 77, 77);
    static final double SCALE = 500 / (2 * 2.2);
    static final double OFFSET = 500 / 2;
    private static final double ROD_LENGTH = SCALE, ROD_WIDTH = 0.2 * SCALE;

    PendulumRenderer(HasState env) { super(env, 500, 500, 30); }

    @Override void draw(Graphics2D g, double[] s) {
        double angle = s[0] + Math.PI / 2;
        fillRotatedRect(g, ROD, angle, OFFSET, OFFSET, 0, ROD_LENGTH, ROD_WIDTH / 2, -ROD_WIDTH / 2);
        fillCircle(g, ROD, OFFSET + ROD_LENGTH * Math.cos(angle), OFFSET + ROD_LENGTH * Math.sin(angle), ROD_WIDTH / 2);
        fillCircle(g, Color.BLACK, OFFSET, OFFSET, 0.05 * SCALE);
    }
}
