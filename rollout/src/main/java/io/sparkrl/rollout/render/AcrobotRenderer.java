package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.HasState;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;

/**
 * Acrobot-v1 as Gymnasium draws it: 500x500, two cyan links hanging from the centre with yellow joints, and the
 * black line the tip must rise above (one link length above the pivot).
 */
final class AcrobotRenderer extends StateRenderer {
    static final Color LINK = new Color(0, 204, 204);
    static final Color JOINT = new Color(204, 204, 0);
    private static final double LINK_LENGTH = 1.0;
    static final double SCALE = 500 / (2 * (2 * LINK_LENGTH + 0.2));
    static final double OFFSET = 500 / 2.0;

    AcrobotRenderer(HasState env) { super(env, 500, 500, 15); }

    @Override void draw(Graphics2D g, double[] s) {
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(0, LINK_LENGTH * SCALE + OFFSET, width(), LINK_LENGTH * SCALE + OFFSET));
        // theta = 0 hangs straight down; each link is a bar from its joint along angle (theta - pi/2).
        double firstAngle = s[0] - Math.PI / 2, secondAngle = s[0] + s[1] - Math.PI / 2;
        double elbowX = OFFSET + LINK_LENGTH * SCALE * Math.cos(firstAngle);
        double elbowY = OFFSET + LINK_LENGTH * SCALE * Math.sin(firstAngle);
        drawLink(g, OFFSET, OFFSET, firstAngle);
        drawLink(g, elbowX, elbowY, secondAngle);
    }

    private static void drawLink(Graphics2D g, double jointX, double jointY, double angle) {
        double halfWidth = 0.1 * SCALE;
        fillRotatedRect(g, LINK, angle, jointX, jointY, 0, LINK_LENGTH * SCALE, halfWidth, -halfWidth);
        fillCircle(g, JOINT, jointX, jointY, halfWidth);
    }
}
