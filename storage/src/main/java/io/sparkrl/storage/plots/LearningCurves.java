package io.sparkrl.storage.plots;

import io.sparkrl.rollout.io.AtomicFiles;
import io.sparkrl.storage.BadInputException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG figures of a run: episode return against env steps and against wall-clock seconds (every episode as a
 * faint dot, plus the mean of the last {@value #WINDOW} episodes), the training metrics (one panel each), and a
 * comparison of several runs (seeds) as their mean curve inside a min/max band. Inputs are plain lists so any
 * source (Parquet, CSV, a live learner) can feed them. Each PNG is written to a temporary file and renamed into
 * place, so a reader never sees half a picture.
 */
public final class LearningCurves {
    /** Episodes in the rolling mean, as in SB3's and CleanRL's logged {@code ep_rew_mean}. */
    public static final int WINDOW = 100;
    private static final int WIDTH = 900, HEIGHT = 540;
    private static final int PANEL_WIDTH = 520, PANEL_HEIGHT = 340, PANEL_COLUMNS = 3;
    private static final int COMPARISON_POINTS = 200;
    private static final Color CURVE = new Color(31, 119, 180);
    private static final Color FAINT = new Color(31, 119, 180, 50);
    /** Line colours of compared setups (matplotlib's tab10). */
    private static final Color[] PALETTE = {CURVE, new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)};

    static {
        // Charts are drawn off-screen, on machines without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private LearningCurves() {}

    /**
     * Writes {@code return_vs_steps.png} (with the run's {@code evaluations}, each point one evaluation's mean
     * return, if any) and {@code return_vs_seconds.png} into {@code dir}, and {@code losses.png} when
     * {@code metrics} has a series; returns the files written.
     */
    public static List<Path> write(Path dir, String title, List<EpisodePoint> episodes, List<EpisodePoint> evaluations,
                                   IterationMetrics metrics) {
        List<Path> written = new ArrayList<>();
        written.add(returnVsSteps(dir.resolve("return_vs_steps.png"), title, episodes, evaluations));
        written.add(returnVsSeconds(dir.resolve("return_vs_seconds.png"), title, episodes));
        if (!metrics.series().isEmpty()) written.add(losses(dir.resolve("losses.png"), title, metrics));
        return written;
    }

    /** Training episodes and, as a second curve with markers, evaluations (each point one evaluation's mean return). */
    public static Path returnVsSteps(Path png, String title, List<EpisodePoint> episodes, List<EpisodePoint> evaluations) {
        return returnCurve(png, title, episodes, evaluations, EpisodePoint::globalStep, "env steps");
    }

    public static Path returnVsSeconds(Path png, String title, List<EpisodePoint> episodes) {
        return returnCurve(png, title, episodes, List.of(), EpisodePoint::wallSeconds, "wall-clock seconds");
    }

    private static Path returnCurve(Path png, String title, List<EpisodePoint> episodes, List<EpisodePoint> evaluations,
                                    ToDoubleFunction<EpisodePoint> xOf, String xLabel) {
        if (episodes.isEmpty()) throw new BadInputException("no finished episodes to plot for " + png.getFileName());
        List<EpisodePoint> sorted = episodes.stream().sorted(Comparator.comparingDouble(xOf)).toList();
        double[] x = sorted.stream().mapToDouble(xOf).toArray();
        double[] returns = sorted.stream().mapToDouble(EpisodePoint::ret).toArray();
        XYChart chart = chart(title, WIDTH, HEIGHT, xLabel, "episode return");
        XYSeries raw = chart.addSeries("episode", x, returns);
        raw.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        raw.setMarker(SeriesMarkers.CIRCLE);
        raw.setMarkerColor(FAINT);
        line(chart.addSeries("mean of last " + WINDOW, x, rollingMean(returns, WINDOW)), CURVE);
        if (!evaluations.isEmpty()) {
            List<EpisodePoint> evals = evaluations.stream().sorted(Comparator.comparingDouble(xOf)).toList();
            XYSeries eval = chart.addSeries("evaluation (mean return)", evals.stream().mapToDouble(xOf).toArray(),
                    evals.stream().mapToDouble(EpisodePoint::ret).toArray());
            line(eval, PALETTE[1]);
            eval.setMarker(SeriesMarkers.DIAMOND);
            eval.setMarkerColor(PALETTE[1]);
        }
        return save(png, BitmapEncoder.getBufferedImage(chart));
    }

    /** One panel per metric against env steps. */
    public static Path losses(Path png, String title, IterationMetrics metrics) {
        if (metrics.series().isEmpty() || metrics.steps().length == 0)
            throw new BadInputException("no training metrics to plot for " + png.getFileName());
        double[] steps = Arrays.stream(metrics.steps()).asDoubleStream().toArray();
        List<XYChart> panels = new ArrayList<>();
        metrics.series().forEach((name, values) -> {
            XYChart panel = chart(title + ": " + name, PANEL_WIDTH, PANEL_HEIGHT, "env steps", name);
            panel.getStyler().setLegendVisible(false);
            line(panel.addSeries(name, steps, values), CURVE);
            panels.add(panel);
        });
        int columns = Math.min(PANEL_COLUMNS, panels.size()), rows = (panels.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < panels.size(); i++)
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), i % columns * PANEL_WIDTH, i / columns * PANEL_HEIGHT, null);
        g.dispose();
        return save(png, grid);
    }

    /**
     * Several runs of one setup (typically seeds): at each of {@value #COMPARISON_POINTS} env-step points where
     * every run has finished an episode, the mean over runs of their rolling mean return, inside the band from the
     * lowest to the highest run.
     */
    public static Path compareSeeds(Path png, String title, Map<String, List<EpisodePoint>> runs, boolean evaluations) {
        if (runs.isEmpty()) throw new BadInputException("no runs to compare for " + png.getFileName());
        return compareGroups(png, title + " (" + runs.size() + " runs)", Map.of("", runs), Map.of(), evaluations);
    }

    /**
     * Several setups, each run over several seeds ({@code groups}: setup name to its runs): one mean curve and
     * min..max band per setup, as {@link #compareSeeds}, over the env steps every run reached; {@code references}
     * (name to return, e.g. a paper's result) are dashed horizontal lines. With {@code evaluations} each run's points
     * are its evaluations' mean returns, compared as they are (no rolling mean).
     */
    public static Path compareGroups(Path png, String title, Map<String, Map<String, List<EpisodePoint>>> groups,
                                     Map<String, Double> references, boolean evaluations) {
        return compareGroups(png, title, sample(groups, evaluations, png.getFileName().toString()), references, evaluations);
    }

    /** {@link #compareGroups} of setups already {@linkplain #sample sampled}. */
    public static Path compareGroups(Path png, String title, SampledCurves sampled, Map<String, Double> references, boolean evaluations) {
        double[] grid = sampled.grid();
        double from = grid[0], to = grid[grid.length - 1];
        int points = grid.length;
        XYChart chart = chart(title, WIDTH, HEIGHT, "env steps", evaluations ? "evaluation, mean return" : "episode return, mean of last " + WINDOW);
        int colour = 0;
        for (Map.Entry<String, double[][]> group : sampled.values().entrySet()) {
            double[] mean = new double[points], low = new double[points], high = new double[points];
            for (int i = 0; i < points; i++) {
                low[i] = Double.POSITIVE_INFINITY;
                high[i] = Double.NEGATIVE_INFINITY;
                for (double[] run : group.getValue()) {
                    mean[i] += run[i] / group.getValue().length;
                    low[i] = Math.min(low[i], run[i]);
                    high[i] = Math.max(high[i], run[i]);
                }
            }
            double[] outlineX = new double[2 * points], outlineY = new double[2 * points];
            for (int i = 0; i < points; i++) {
                outlineX[i] = grid[i];
                outlineY[i] = high[i];
                outlineX[2 * points - 1 - i] = grid[i];
                outlineY[2 * points - 1 - i] = low[i];
            }
            String name = group.getKey(), prefix = name.isEmpty() ? "" : name + ": ";
            Color line = PALETTE[colour++ % PALETTE.length];
            Color fill = new Color(line.getRed(), line.getGreen(), line.getBlue(), sampled.values().size() == 1 ? 60 : 30);
            XYSeries band = chart.addSeries(prefix + "min..max over runs", outlineX, outlineY);
            band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(fill);
            band.setLineColor(fill);
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(sampled.values().size() == 1);
            XYSeries meanCurve = chart.addSeries(name.isEmpty() ? "mean over runs" : name + " (mean of " + group.getValue().length + ")",
                    grid, mean);
            line(meanCurve, line);
            if (evaluations) {
                meanCurve.setMarker(SeriesMarkers.CIRCLE);
                meanCurve.setMarkerColor(line);
            }
        }
        for (Map.Entry<String, Double> reference : references.entrySet()) {
            XYSeries level = chart.addSeries(reference.getKey(), new double[] {from, to}, new double[] {reference.getValue(), reference.getValue()});
            line(level, PALETTE[colour++ % PALETTE.length]);
            level.setLineStyle(SeriesLines.DASH_DASH);
        }
        return save(png, BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * Every run of every setup ({@code groups}: setup name to its runs) as values on one grid of env steps over the
     * range all runs reached: {@value #COMPARISON_POINTS} evenly spaced points of each run's rolling mean return
     * of the last {@value #WINDOW} episodes, or with {@code evaluations} the evaluations' own steps and mean returns
     * (each a measurement, not a sample of a running mean). {@code what} names the output in errors.
     */
    public static SampledCurves sample(Map<String, Map<String, List<EpisodePoint>>> groups, boolean evaluations, String what) {
        int window = evaluations ? 1 : WINDOW;
        Map<String, List<double[][]>> curves = new LinkedHashMap<>(); // per group, per run: {steps, rolling mean}
        double from = Double.NEGATIVE_INFINITY, to = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Map<String, List<EpisodePoint>>> group : groups.entrySet()) {
            if (group.getValue().isEmpty()) throw new BadInputException("no runs in group " + group.getKey() + " for " + what);
            List<double[][]> runs = new ArrayList<>();
            for (Map.Entry<String, List<EpisodePoint>> run : group.getValue().entrySet()) {
                if (run.getValue().isEmpty())
                    throw new BadInputException("run " + run.getKey() + " has no " + (evaluations ? "evaluations (train with --eval-every)" : "finished episodes") + " to plot");
                List<EpisodePoint> sorted = run.getValue().stream().sorted(Comparator.comparingLong(EpisodePoint::globalStep)).toList();
                double[] steps = sorted.stream().mapToDouble(EpisodePoint::globalStep).toArray();
                runs.add(new double[][] {steps, rollingMean(sorted.stream().mapToDouble(EpisodePoint::ret).toArray(), window)});
                from = Math.max(from, steps[0]);
                to = Math.min(to, steps[steps.length - 1]);
            }
            curves.put(group.getKey(), runs);
        }
        if (from > to) throw new BadInputException("the runs share no range of env steps to compare them over");
        double[] grid;
        if (evaluations) {
            double lo = from, hi = to;
            grid = curves.values().stream().flatMap(List::stream).flatMapToDouble(c -> Arrays.stream(c[0]))
                    .filter(x -> x >= lo && x <= hi).distinct().sorted().toArray();
        } else {
            grid = new double[from == to ? 1 : COMPARISON_POINTS];
            for (int i = 0; i < grid.length; i++) grid[i] = grid.length == 1 ? from : from + (to - from) * i / (grid.length - 1);
        }
        Map<String, double[][]> values = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[][]>> group : curves.entrySet())
            values.put(group.getKey(), group.getValue().stream()
                    .map(curve -> Arrays.stream(grid).map(x -> latestAt(curve[0], curve[1], x)).toArray()).toArray(double[][]::new));
        return new SampledCurves(grid, values);
    }

    /** Runs of several setups on one grid of env steps: {@code values.get(setup)[run][point]}. */
    public record SampledCurves(double[] grid, Map<String, double[][]> values) {}

    /** {@code out[i]}: the mean of {@code values[i - window + 1 .. i]} (fewer at the start). */
    static double[] rollingMean(double[] values, int window) {
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** The value of the step function {@code (xs, ys)} at {@code x}: that of the last point at or before it. */
    private static double latestAt(double[] xs, double[] ys, double x) {
        int i = Arrays.binarySearch(xs, x);
        if (i < 0) i = -i - 2;
        else while (i + 1 < xs.length && xs[i + 1] == x) i++;
        return ys[i];
    }

    private static XYChart chart(String title, int width, int height, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        // x is steps or seconds: from 0, so the ticks fall on round numbers rather than on the first data point.
        chart.getStyler().setXAxisMin(0.0).setXAxisDecimalPattern("#,##0.##")
                .setLegendPosition(LegendPosition.InsideSE).setMarkerSize(4).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static void line(XYSeries series, Color colour) {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
    }

    /** Writes {@code image} to {@code png} through a temporary file and a rename. */
    private static Path save(Path png, BufferedImage image) {
        Path target = png.toAbsolutePath();
        try {
            AtomicFiles.write(target, out -> ImageIO.write(image, "png", out));
        } catch (IOException e) {
            if (!Files.isDirectory(target.getParent()))
                throw new BadInputException("cannot write " + target + ": directory " + target.getParent() + " does not exist", e);
            if (!Files.isWritable(target.getParent()))
                throw new BadInputException("cannot write " + target + ": directory " + target.getParent() + " is not writable", e);
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return target;
    }
}
