package io.sparkrl.jobs.cli;

import java.io.PrintStream;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar on a terminal; plain progress lines (at most one per second) when output goes to a
 * file or a CI log, where carriage returns would pile up.
 */
final class Progress implements LongConsumer, AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream out;
    private final String task;
    private final long total;
    private final long t0 = System.nanoTime();
    private long lastLine;

    Progress(String task, long total, String unit) {
        this.task = task;
        this.total = total;
        this.out = System.err;
        this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed().build();
    }

    @Override public synchronized void accept(long done) {
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastLine < 1_000_000_000L) return;
        lastLine = now;
        double s = (now - t0) / 1e9;
        out.printf("%s: %d/%d (%.0f%%) %.1f/s%n", task, done, total, 100.0 * done / total, done / Math.max(s, 1e-9));
    }

    @Override public void close() {
        if (bar != null) bar.close();
    }
}
