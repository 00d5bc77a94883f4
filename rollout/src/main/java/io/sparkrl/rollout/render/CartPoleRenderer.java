package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.HasState;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;

/** CartPole-v1 as Gymnasium draws it: 600x400, the track, the black cart, the brown pole and its axle. */
final class CartPoleRenderer extends StateRenderer {
    static final Color POLE = new Color(202, 152, 101);
    static final Color AXLE = new Color(129, 132, 203);
    private static final double X_THRESHOLD = 2.4;
    private static final double SCALE = 600 / (2 * X_THRESHOLD);
    private static final double POLE_WIDTH = 10, POLE_LENGTH = SCALE * (2 * 0.5);
    private static final double CART_WIDTH = 50, CART_HEIGHT = 30;
    /** Height of the cart's top (and of the track) above the bottom edge. */
    static final double CART_Y = 100;

    CartPoleRenderer(HasState env) { super(env, 600, 400, 50); }

    /** The pixel column of the cart's centre for cart position {@code x}. */
    static double cartColumn(double x) { return x * SCALE + 600 / 2.0; }

    @Override void draw(Graphics2D g, double[] s) {
        double cartX = cartColumn(s[0]);
        double axleY = CART_Y + CART_HEIGHT / 4;
        fillRotatedRect(g, Color.BLACK, 0, cartX, CART_Y, -CART_WIDTH / 2, CART_WIDTH / 2, CART_HEIGHT / 2, -CART_HEIGHT / 2);
        // Gymnasium rotates the upright pole by -theta: positive theta leans it to the right.
        fillRotatedRect(g, POLE, -s[2], cartX, axleY,
                -POLE_WIDTH / 2, POLE_WIDTH / 2, POLE_LENGTH - POLE_WIDTH / 2, -POLE_WIDTH / 2);
        fillCircle(g, AXLE, cartX, axleY, POLE_WIDTH / 2);
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(0, CART_Y, width(), CART_Y));
    }
}
