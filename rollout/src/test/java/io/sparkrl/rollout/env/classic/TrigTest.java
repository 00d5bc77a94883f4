package io.sparkrl.rollout.env.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
