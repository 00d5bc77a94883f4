package io.sparkrl.rollout.env.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Rng;
import org.junit.jupiter.api.Test;

class TrigTest {
    @Test
    void equalsStrictMathInsideAndOutsideThePolynomialRange() {
        Rng rng = new Rng(4);
        for (int i = 0; i < 200_000; i++) {
            double x = rng.uniform(-1, 1) * (i % 2 == 0 ? 0.8 : 10);
            assertEquals(StrictMath.sin(x), Trig.sin(x), "sin " + x);
            assertEquals(StrictMath.cos(x), Trig.cos(x), "cos " + x);
        }
        for (double x : new double[] {0.0, -0.0, 1e-30, 0.3, 0.78125, Math.PI / 4, Double.NaN}) {
            assertEquals(StrictMath.sin(x), Trig.sin(x), "sin " + x);
            assertEquals(StrictMath.cos(x), Trig.cos(x), "cos " + x);
        }
    }

    @Test
    void polynomialsEqualStrictMathWhereTheyClaimTo() {
        Rng rng = new Rng(5);
        for (int i = 0; i < 200_000; i++) {
            double x = rng.uniform(-0.3, 0.3) * (i % 3 == 0 ? 1e-6 : 1);
            if (!Trig.polyExact(x)) continue;
            assertEquals(StrictMath.sin(x), Trig.sinPoly(x), "sin " + x);
            assertEquals(StrictMath.cos(x), Trig.cosPoly(x), "cos " + x);
        }
        for (double x : new double[] {0x1p-27, -0x1p-27, Math.nextDown(0.3), -Math.nextDown(0.3), 0.2}) {
            assertTrue(Trig.polyExact(x), "in range " + x);
            assertEquals(StrictMath.sin(x), Trig.sinPoly(x), "sin " + x);
            assertEquals(StrictMath.cos(x), Trig.cosPoly(x), "cos " + x);
        }
        for (double x : new double[] {0.0, -0.0, Math.nextDown(0x1p-27), 0.3, -0.3, 1.0, Double.NaN}) {
            assertFalse(Trig.polyExact(x), "out of range " + x);
        }
    }
}
