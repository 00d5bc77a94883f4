package io.sparkrl.storage.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupComparisonTest {
    /** Evaluation curves at 10k, 20k, 30k steps: a run per list entry. */
    private static Map<String, List<EpisodePoint>> runs(double[]... curves) {
        Map<String, List<EpisodePoint>> runs = new LinkedHashMap<>();
        for (double[] curve : curves)
            runs.put("seed " + runs.size(), List.of(new EpisodePoint(10_000, 0, curve[0]), new EpisodePoint(20_000, 0, curve[1]),
                    new EpisodePoint(30_000, 0, curve[2])));
        return runs;
    }

    @Test
    void scoresEachRunByTheMeanOfItsCurveAndComparesWithTheFirstSetup() {
        Map<String, Map<String, List<EpisodePoint>>> setups = new LinkedHashMap<>();
        setups.put("plain", runs(new double[] {100, 200, 300}, new double[] {100, 400, 400}, new double[] {0, 0, 300}));
        setups.put("better", runs(new double[] {300, 500, 500}, new double[] {400, 500, 500}, new double[] {350, 500, 500}));
        setups.put("same", runs(new double[] {100, 200, 300}, new double[] {100, 400, 400}, new double[] {0, 0, 300}));
        LearningCurves.SampledCurves curves = LearningCurves.sample(setups, true, "t.png");
        assertArrayEquals(new double[] {10_000, 20_000, 30_000}, curves.grid());

        List<SetupComparison.Row> rows = SetupComparison.compare(curves, 7);
        SetupComparison.Row plain = rows.get(0), better = rows.get(1), same = rows.get(2);
        assertArrayEquals(new double[] {200, 300, 100}, plain.scores(), 1e-9);
        assertEquals(200, plain.mean(), 1e-9);
        assertEquals(1000.0 / 3, plain.lastMean(), 1e-9);
        assertTrue(Double.isNaN(plain.difference()), "no difference of the baseline to itself");
        // Bootstrap means of {100, 200, 300} lie in [100, 300]; the percentile interval sits inside and around 200.
        assertTrue(plain.meanLow() >= 100 && plain.meanLow() < 200 && plain.meanHigh() > 200 && plain.meanHigh() <= 300,
                plain.meanLow() + " .. " + plain.meanHigh());

        assertArrayEquals(new double[] {1300.0 / 3, 1400.0 / 3, 1350.0 / 3}, better.scores(), 1e-9);
        assertEquals(1350.0 / 3 - 200, better.difference(), 1e-9);
        assertEquals(1.0, better.improvement(), 1e-12, "every run of 'better' beats every plain run");
        assertTrue(better.differenceLow() > 0, "the interval excludes no difference: " + better.differenceLow());
        assertEquals(1.0, better.improvementLow(), 1e-12);

        assertEquals(0, same.difference(), 1e-9);
        assertEquals(0.5, same.improvement(), 1e-12, "identical runs: ties and wins balance");
        assertTrue(same.differenceLow() < 0 && same.differenceHigh() > 0, same.differenceLow() + " .. " + same.differenceHigh());

        SetupComparison.Row again = SetupComparison.compare(curves, 7).get(1);
        assertArrayEquals(new double[] {better.meanLow(), better.meanHigh(), better.differenceLow(), better.differenceHigh()},
                new double[] {again.meanLow(), again.meanHigh(), again.differenceLow(), again.differenceHigh()}, "a fixed seed, the same intervals");
        String table = SetupComparison.markdown(rows, "mean evaluation");
        assertTrue(table.contains("| better | 3 | 433.3 / 466.7 / 450.0 | 450.0 ["), table);
        assertTrue(table.contains("| +250.0 [+"), table);
    }

    @Test
    void interquartileMeanAndPercentilesFollowScipyAndNumpy() {
        // scipy.stats.trim_mean([1, 2, 3, 4, 100], 0.25) == 3.0; with 3 values nothing is cut.
        assertEquals(3.0, SetupComparison.interquartileMean(new double[] {100, 2, 4, 1, 3}), 1e-12);
        assertEquals(2.0, SetupComparison.interquartileMean(new double[] {1, 2, 3}), 1e-12);
        // numpy.percentile([1, 2, 3, 4], 25) == 1.75
        assertEquals(1.75, SetupComparison.percentile(new double[] {4, 3, 2, 1}, 25), 1e-12);
        // {2, 3} against {1, 3}: 2 > 1, 2 < 3, 3 > 1, 3 = 3 (a half) -> 2.5 of 4
        assertEquals(0.625, SetupComparison.probabilityOfImprovement(new double[] {2, 3}, new double[] {1, 3}), 1e-12);
    }
}
