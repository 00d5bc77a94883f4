package io.sparkrl.storage.plots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Whether compared setups (say DQN and Double DQN, a few seeds each) differ by more than seed noise, the way
 * rliable (Agarwal et al. 2021, "Deep RL at the Edge of the Statistical Precipice") reports it: one score per run,
 * the mean and interquartile mean of the scores, and 95% percentile confidence intervals from a stratified
 * bootstrap (runs drawn with replacement within each setup), for the mean, for the difference to the first setup
 * and for the probability of improvement P(a run of the setup scores above a run of the first). A run's score is
 * the mean of its curve over the shared grid of env steps, i.e. the area under the curve over its width: it
 * weighs how soon a setup learns and whether it holds what it learned, which is what comparing curves means.
 */
public final class SetupComparison {
    /** Bootstrap resamples: the intervals' end points move by well under 1% of their width from one seed to another. */
    public static final int RESAMPLES = 10_000;

    /**
     * One setup: its runs' scores; their mean with its interval, interquartile mean; the mean of the runs' last
     * points; and, against the first setup (NaN for the first itself), the difference of means and the probability
     * of improvement, each with its interval.
     */
    public record Row(String setup, double[] scores, double mean, double meanLow, double meanHigh, double iqm, double lastMean,
                      double difference, double differenceLow, double differenceHigh,
                      double improvement, double improvementLow, double improvementHigh) {}

    private SetupComparison() {}

    /** The setups of {@code curves} in their order, the first being the baseline; {@code seed} fixes the bootstrap. */
    public static List<Row> compare(LearningCurves.SampledCurves curves, long seed) {
        List<String> setups = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        List<Double> lastMeans = new ArrayList<>();
        for (Map.Entry<String, double[][]> setup : curves.values().entrySet()) {
            setups.add(setup.getKey());
            scores.add(Arrays.stream(setup.getValue()).mapToDouble(SetupComparison::mean).toArray());
            lastMeans.add(Arrays.stream(setup.getValue()).mapToDouble(run -> run[run.length - 1]).average().orElseThrow());
        }
        int k = setups.size();
        double[][] means = new double[k][RESAMPLES], improvements = new double[k][RESAMPLES];
        SplittableRandom random = new SplittableRandom(seed);
        for (int b = 0; b < RESAMPLES; b++) {
            double[][] drawn = new double[k][];
            for (int s = 0; s < k; s++) {
                drawn[s] = resample(scores.get(s), random);
                means[s][b] = mean(drawn[s]);
            }
            for (int s = 0; s < k; s++) improvements[s][b] = probabilityOfImprovement(drawn[s], drawn[0]);
        }
        List<Row> rows = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            double[] own = scores.get(s), differences = new double[RESAMPLES];
            for (int b = 0; b < RESAMPLES; b++) differences[b] = means[s][b] - means[0][b];
            boolean baseline = s == 0;
            rows.add(new Row(setups.get(s), own, mean(own), percentile(means[s], 2.5), percentile(means[s], 97.5), interquartileMean(own),
                    lastMeans.get(s),
                    baseline ? Double.NaN : mean(own) - mean(scores.get(0)),
                    baseline ? Double.NaN : percentile(differences, 2.5), baseline ? Double.NaN : percentile(differences, 97.5),
                    baseline ? Double.NaN : probabilityOfImprovement(own, scores.get(0)),
                    baseline ? Double.NaN : percentile(improvements[s], 2.5), baseline ? Double.NaN : percentile(improvements[s], 97.5)));
        }
        return rows;
    }

    /** The rows as a Markdown table (one decimal; probabilities two). */
    public static String markdown(List<Row> rows, String scoreName) {
        String baseline = rows.get(0).setup();
        StringBuilder out = new StringBuilder();
        out.append("| setup | runs | ").append(scoreName).append(", per run | mean [95% CI] | IQM | last point, mean | mean - ")
                .append(baseline).append(" [95% CI] | P(run > ").append(baseline).append(" run) [95% CI] |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            boolean first = r == rows.get(0);
            out.append(String.format("| %s | %d | %s | %.1f [%.1f, %.1f] | %.1f | %.1f | %s | %s |%n", r.setup(), r.scores().length,
                    String.join(" / ", Arrays.stream(r.scores()).mapToObj(v -> String.format("%.1f", v)).toList()),
                    r.mean(), r.meanLow(), r.meanHigh(), r.iqm(), r.lastMean(),
                    first ? "-" : String.format("%+.1f [%+.1f, %+.1f]", r.difference(), r.differenceLow(), r.differenceHigh()),
                    first ? "-" : String.format("%.2f [%.2f, %.2f]", r.improvement(), r.improvementLow(), r.improvementHigh())));
        }
        return out.toString();
    }

    /** The same number of values drawn from {@code values} with replacement. */
    private static double[] resample(double[] values, SplittableRandom random) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = values[random.nextInt(values.length)];
        return out;
    }

    /** P(X > Y) for X drawn from {@code a} and Y from {@code b}, ties counting a half (the Mann-Whitney U over n·m). */
    static double probabilityOfImprovement(double[] a, double[] b) {
        double wins = 0;
        for (double x : a) for (double y : b) wins += x > y ? 1 : x == y ? 0.5 : 0;
        return wins / ((double) a.length * b.length);
    }

    /** The mean of the middle half: a quarter (rounded down) of the sorted values cut from each end, as scipy's trim_mean(x, 0.25). */
    static double interquartileMean(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int cut = (int) (0.25 * sorted.length);
        return mean(Arrays.copyOfRange(sorted, cut, sorted.length - cut));
    }

    /** Linear interpolation between closest ranks (numpy's default percentile). */
    static double percentile(double[] values, double percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = percent / 100 * (sorted.length - 1);
        int low = (int) Math.floor(rank), high = (int) Math.ceil(rank);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }

    private static double mean(double[] values) { return Arrays.stream(values).average().orElseThrow(); }
}
