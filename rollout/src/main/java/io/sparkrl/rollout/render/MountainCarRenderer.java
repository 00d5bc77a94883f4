package io.sparkrl.rollout.render;

import io.sparkrl.rollout.env.HasState;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;

/**
 * MountainCar-v0 and MountainCarContinuous-v0 as Gymnasium draws them: 600x400, the hill
 * {@code 0.45 sin(3x) + 0.55}, the car tilted along the slope with two grey wheels, the yellow flag at the goal.
 */
final class MountainCarRenderer extends StateRenderer {
    static final Color WHEEL = new Color(128, 128, 128);
    static final Color FLAG = new Color(204, 204, 0);
    private static final double MIN_POSITION = -1.2, MAX_POSITION = 0.6;
    private static final double SCALE = 600 / (MAX_POSITION - MIN_POSITION);
    private static final double CAR_WIDTH = 40, CAR_HEIGHT = 20, CLEARANCE = 10;
    private final double goalPosition;

    MountainCarRenderer(HasState env, double goalPosition) {
        super(env, 600, 400, 30);
        this.goalPosition = goalPosition;
    }

    static double hillHeight(double position) { return Math.sin(3 * position) * 0.45 + 0.55; }

    /** The pixel column of {@code position}. */
    static double column(double position) { return (position - MIN_POSITION) * SCALE; }

    @Override void draw(Graphics2D g, double[] s) {
        Path2D.Double hill = new Path2D.Double();
        for (int i = 0; i < 100; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / 99;
            if (i == 0) hill.moveTo(column(x), hillHeight(x) * SCALE);
            else hill.lineTo(column(x), hillHeight(x) * SCALE);
        }
        g.setColor(Color.BLACK);
        g.draw(hill);

        double pos = s[0], tilt = Math.cos(3 * pos);
        double carX = column(pos), carY = CLEARANCE + hillHeight(pos) * SCALE;
        fillRotatedRect(g, Color.BLACK, tilt, carX, carY, -CAR_WIDTH / 2, CAR_WIDTH / 2, CAR_HEIGHT, 0);
        for (double wheelX : new double[] {CAR_WIDTH / 4, -CAR_WIDTH / 4})
            fillCircle(g, WHEEL, wheelX * Math.cos(tilt) + carX, wheelX * Math.sin(tilt) + carY, CAR_HEIGHT / 2.5);

        double flagX = column(goalPosition), flagBottom = hillHeight(goalPosition) * SCALE, flagTop = flagBottom + 50;
        g.setColor(Color.BLACK);
        g.draw(new Line2D.Double(flagX, flagBottom, flagX, flagTop));
        fillRotated(g, FLAG, 0, flagX, flagTop, 0, 0, 0, -10, 25, -5);
    }
}
