package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.HasState;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RenderersTest {

    /** A renderer for {@code envId} (with its time limit, as users get it) and its env set to {@code state}. */
    private static Renderer renderAt(String envId, double... state) {
        Env<float[]> env = EnvRegistry.make(envId);
        env.reset(0);
        ((HasState) env.unwrapped()).setState(state);
        return Renderers.forEnv(env);
    }

    /** Whether {@code colour} appears somewhere in the box {@code [x0, x1) x [y0, y1)} (image coordinates, y down). */
    private static boolean colourIn(BufferedImage image, Color colour, int x0, int y0, int x1, int y1) {
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) return true;
        return false;
    }

    private static int[] column(BufferedImage image, int x) {
        return image.getRGB(x, 0, 1, image.getHeight(), null, 0, 1);
    }

    @Test
    void framesHaveGymnasiumSizesAndFrameRates() {
        record Expected(String id, int width, int height, int fps) {}
        for (Expected e : new Expected[] {new Expected("CartPole-v1", 600, 400, 50),
                new Expected("MountainCar-v0", 600, 400, 30), new Expected("MountainCarContinuous-v0", 600, 400, 30),
                new Expected("Acrobot-v1", 500, 500, 15), new Expected("Pendulum-v1", 500, 500, 30)}) {
            Env<float[]> env = EnvRegistry.make(e.id());
            env.reset(1);
            Renderer r = Renderers.forEnv(env);
            BufferedImage frame = r.render();
            assertEquals(e.width(), frame.getWidth(), e.id());
            assertEquals(e.height(), frame.getHeight(), e.id());
            assertEquals(e.fps(), r.fps(), e.id());
        }
    }

    @Test
    void cartPoleFrameFollowsTheCart() {
        Env<float[]> env = EnvRegistry.make("CartPole-v1");
        env.reset(0);
        HasState state = (HasState) env.unwrapped();
        Renderer r = Renderers.forEnv(env);
        state.setState(new double[] {0, 0, 0, 0});
        BufferedImage centred = r.render();
        state.setState(new double[] {1, 0, 0, 0});
        BufferedImage moved = r.render();
        int centre = (int) CartPoleRenderer.cartColumn(0);
        assertFalse(Arrays.equals(column(centred, centre), column(moved, centre)));
        // The cart's body is black just below its top edge, now one metre (125 px) to the right.
        int cartRow = 400 - (int) CartPoleRenderer.CART_Y + 5;
        assertEquals(Color.BLACK.getRGB(), centred.getRGB(centre, cartRow));
        assertEquals(Color.BLACK.getRGB(), moved.getRGB((int) CartPoleRenderer.cartColumn(1), cartRow));
        assertEquals(Color.WHITE.getRGB(), moved.getRGB(centre, cartRow));
    }

    @Test
    void cartPolePoleLeansWithTheAngle() {
        BufferedImage upright = renderAt("CartPole-v1", 0, 0, 0, 0).render();
        assertTrue(colourIn(upright, CartPoleRenderer.POLE, 295, 205, 305, 215), "upright pole above the cart");
        BufferedImage leaning = renderAt("CartPole-v1", 0, 0, 0.2, 0).render();
        assertTrue(colourIn(leaning, CartPoleRenderer.POLE, 310, 205, 325, 215), "pole leaning right for theta > 0");
        assertFalse(colourIn(leaning, CartPoleRenderer.POLE, 270, 205, 295, 215));
    }

    @Test
    void mountainCarSitsOnTheHillAndTheFlagAtTheGoal() {
        BufferedImage frame = renderAt("MountainCar-v0", -0.5, 0).render();
        int carColumn = (int) MountainCarRenderer.column(-0.5);
        int carRow = 400 - (int) (10 + MountainCarRenderer.hillHeight(-0.5) * 600 / 1.8);
        assertTrue(colourIn(frame, MountainCarRenderer.WHEEL, carColumn - 15, carRow - 10, carColumn + 15, carRow + 10));
        int flagColumn = (int) MountainCarRenderer.column(0.5);
        assertTrue(colourIn(frame, MountainCarRenderer.FLAG, flagColumn, 0, flagColumn + 25, 400));
        BufferedImage continuous = renderAt("MountainCarContinuous-v0", -0.5, 0).render();
        int continuousFlag = (int) MountainCarRenderer.column(0.45);
        assertTrue(colourIn(continuous, MountainCarRenderer.FLAG, continuousFlag, 0, continuousFlag + 5, 400));
        assertFalse(colourIn(continuous, MountainCarRenderer.FLAG, flagColumn + 10, 0, flagColumn + 25, 400));
    }

    @Test
    void acrobotHangsDownAtRestAndPointsUpAtPi() {
        int c = (int) AcrobotRenderer.OFFSET, halfLink = (int) (AcrobotRenderer.SCALE / 2);
        BufferedImage hanging = renderAt("Acrobot-v1", 0, 0, 0, 0).render();
        assertEquals(AcrobotRenderer.LINK.getRGB(), hanging.getRGB(c, c + halfLink));
        assertEquals(AcrobotRenderer.LINK.getRGB(), hanging.getRGB(c, c + 3 * halfLink));
        assertEquals(AcrobotRenderer.JOINT.getRGB(), hanging.getRGB(c, c + 2 * halfLink));
        BufferedImage up = renderAt("Acrobot-v1", Math.PI, 0, 0, 0).render();
        assertEquals(AcrobotRenderer.LINK.getRGB(), up.getRGB(c, c - 3 * halfLink));
        assertEquals(Color.WHITE.getRGB(), up.getRGB(c, c + halfLink));
    }

    @Test
    void pendulumPointsUpAtZeroAndLeftAtHalfPi() {
        int c = (int) PendulumRenderer.OFFSET, halfRod = (int) (PendulumRenderer.SCALE / 2);
        BufferedImage up = renderAt("Pendulum-v1", 0, 0).render();
        assertEquals(PendulumRenderer.ROD.getRGB(), up.getRGB(c, c - halfRod));
        assertEquals(Color.BLACK.getRGB(), up.getRGB(c, c));
        BufferedImage left = renderAt("Pendulum-v1", Math.PI / 2, 0).render();
        assertEquals(PendulumRenderer.ROD.getRGB(), left.getRGB(c - halfRod, c));
        assertEquals(Color.WHITE.getRGB(), left.getRGB(c, c - halfRod));
    }

    @Test
    void minAtarCellsTakeTheColourOfTheirHighestChannel() {
        Env<float[]> env = EnvRegistry.make("MinAtar/Breakout-v1");
        env.reset(0);
        Renderer r = Renderers.forEnv(env);
        assertEquals(160, r.width());
        assertEquals(160, r.height());
        assertEquals(20, r.fps());
        int[] palette = MinAtarRenderer.palette(4);
        int cell = MinAtarRenderer.CELL;
        // The ball starts in row 3 inside the wall: brick (channel 3) is drawn over ball (1) and trail (2).
        int ballX = env.reset(0).obs()[MinAtarEnv.index(1, 0, 3)] == 1f ? 0 : 9;
        BufferedImage frame = r.render();
        assertEquals(palette[3], frame.getRGB(ballX * cell + 8, 3 * cell + 8));
        assertEquals(palette[0], frame.getRGB(4 * cell, 9 * cell + 15), "paddle at (4, 9), the cell's corner");
        assertEquals(Color.BLACK.getRGB(), frame.getRGB(5 * cell, 5 * cell), "empty");
        float[] obs = env.step(0).obs();
        int x = obs[MinAtarEnv.index(1, 1, 4)] == 1f ? 1 : 8;
        assertEquals(1f, obs[MinAtarEnv.index(1, x, 4)], "the ball moved diagonally down");
        assertEquals(palette[1], r.render().getRGB(x * cell + 15, 4 * cell), "ball alone in its cell");
    }

    @Test
    void minAtarPaletteIsSeabornsCubehelix() {
        // seaborn.color_palette("cubehelix", 4) as upstream's GUI builds it (matplotlib 3.x), times 255, rounded.
        int[][] expected = {{22, 61, 78}, {84, 121, 47}, {208, 126, 147}, {193, 202, 243}};
        int[] palette = MinAtarRenderer.palette(4);
        for (int i = 0; i < 4; i++) {
            Color c = new Color(palette[i]);
            assertArrayEquals(expected[i], new int[] {c.getRed(), c.getGreen(), c.getBlue()}, "colour " + i);
        }
    }

    @Test
    void envsWithoutARendererAreRejectedInOneLine() {
        EnvSpec spec = new EnvSpec("Blind-v0", 10, Double.NaN);
        Env<float[]> blind = new Env<>() {
            @Override public EnvSpec spec() { return spec; }
            @Override public Space observationSpace() { return Space.Box.uniform(0, 1, 1); }
            @Override public Space actionSpace() { return new Space.Discrete(2); }
            @Override public ResetResult<float[]> reset(long seed) { return new ResetResult<>(new float[1]); }
            @Override public ResetResult<float[]> reset() { return reset(0); }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Renderers.forEnv(blind));
        assertTrue(e.getMessage().startsWith("no renderer for env 'Blind-v0'; renderers exist for Acrobot-v1,"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
