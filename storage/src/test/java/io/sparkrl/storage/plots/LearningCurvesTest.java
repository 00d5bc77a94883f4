package io.sparkrl.storage.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.storage.BadInputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
    @TempDir Path dir;

    /** A run whose returns climb from about 20 to about 500 over {@code n} episodes, with noise. */
    private static List<EpisodePoint> learningRun(int n, long seed) {
        Random random = new Random(seed);
        List<EpisodePoint> episodes = new ArrayList<>();
        long step = 0;
        for (int i = 0; i < n; i++) {
            double ret = Math.min(500, 20 + 480.0 * i / n + 40 * random.nextGaussian());
            step += (long) Math.max(1, ret);
            episodes.add(new EpisodePoint(step, step / 2000.0, ret));
        }
        return episodes;
    }

    private static BufferedImage readPng(Path png) throws IOException {
        assertTrue(Files.size(png) > 10_000, png + " is " + Files.size(png) + " bytes");
        return ImageIO.read(png.toFile());
    }

    @Test
    void writesTheReturnCurvesAndOnePanelPerMetric() throws IOException {
        long[] steps = {2048, 4096, 6144, 8192};
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String name : new String[] {"policy_loss", "value_loss", "entropy", "approx_kl", "explained_variance"})
            series.put(name, new double[] {1, 0.5, 0.3, name.length() / 10.0});
        List<Path> written = LearningCurves.write(dir, "PPO CartPole-v1", learningRun(300, 1), List.of(), new IterationMetrics(steps, series));
        assertEquals(List.of(dir.resolve("return_vs_steps.png"), dir.resolve("return_vs_seconds.png"), dir.resolve("losses.png")),
                written);
        BufferedImage curve = readPng(written.get(0));
        assertEquals(900, curve.getWidth());
        assertEquals(540, curve.getHeight());
        readPng(written.get(1));
        BufferedImage losses = readPng(written.get(2));
        assertEquals(3 * 520, losses.getWidth(), "five panels in rows of three");
        assertEquals(2 * 340, losses.getHeight());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left");
        }
    }

    @Test
    void comparesSeedsAsAMeanInsideABand() throws IOException {
        Map<String, List<EpisodePoint>> runs = new LinkedHashMap<>();
        for (long seed = 1; seed <= 3; seed++) runs.put("seed " + seed, learningRun(200 + 50 * (int) seed, seed));
        BufferedImage image = readPng(LearningCurves.compareSeeds(dir.resolve("seeds.png"), "PPO CartPole-v1", runs, false));
        assertEquals(900, image.getWidth());
    }

    @Test
    void rollingMeanAveragesTheLastWindow() {
        assertArrayEquals(new double[] {2, 3, 5, 7}, LearningCurves.rollingMean(new double[] {2, 4, 6, 8}, 2), 1e-12);
    }

    @Test
    void emptyOrUnwritableInputIsBadInputInOneLine() {
        BadInputException noEpisodes = assertThrows(BadInputException.class,
                () -> LearningCurves.write(dir, "t", List.of(), List.of(), new IterationMetrics(new long[0], Map.of())));
        assertEquals("no finished episodes to plot for return_vs_steps.png", noEpisodes.getMessage());
        BadInputException noMetrics = assertThrows(BadInputException.class,
                () -> LearningCurves.losses(dir.resolve("l.png"), "t", new IterationMetrics(new long[0], Map.of())));
        assertEquals("no training metrics to plot for l.png", noMetrics.getMessage());
        BadInputException ragged = assertThrows(BadInputException.class,
                () -> new IterationMetrics(new long[] {1, 2}, Map.of("entropy", new double[] {0.5})));
        assertEquals("metric entropy has 1 values for 2 iterations", ragged.getMessage());
        Path missing = dir.resolve("missing").resolve("r.png");
        BadInputException noDir = assertThrows(BadInputException.class,
                () -> LearningCurves.returnVsSteps(missing, "t", learningRun(5, 1), List.of()));
        assertEquals("cannot write " + missing + ": directory " + missing.getParent() + " does not exist", noDir.getMessage());
        BadInputException disjoint = assertThrows(BadInputException.class, () -> LearningCurves.compareSeeds(dir.resolve("c.png"), "t",
                Map.of("a", List.of(new EpisodePoint(10, 1, 1)), "b", List.of(new EpisodePoint(20, 1, 1))), false));
        assertTrue(disjoint.getMessage().startsWith("the runs share no range"), disjoint.getMessage());
    }
}
