package io.sparkrl.jobs.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar on a terminal; plain progress lines (at most one per second) when output goes to a
 * file or a CI log, where carriage returns would pile up.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream out;
    private final String task;
    private final String unit;
    private final long total;
    private final long t0 = System.nanoTime();
    private long lastLine;

    Progress(String task, long total, String unit) {
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.out = System.err;
        this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed().build();
    }

    /** {@code done} of the {@code total} units finished; {@code extra} says more (rates, returns). */
    synchronized void update(long done, String extra) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(extra);
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastLine < 1_000_000_000L) return;
        lastLine = now;
        out.printf("%s: %,d/%,d %s (%.0f%%), %s%n", task, done, total, unit, 100.0 * done / total, extra);
    }

    /** Seconds since the bar started. */
    double seconds() { return Math.max((System.nanoTime() - t0) / 1e9, 1e-9); }

    @Override public void close() {
        if (bar != null) bar.close();
    }
}
