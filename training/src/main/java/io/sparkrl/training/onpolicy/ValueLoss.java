package io.sparkrl.training.onpolicy;

/**
 * Value loss of the critic head, per row: {@code vfCoef * (v - target)^2}, or with {@code clipRange} set (PPO's
 * optional value clipping) {@code vfCoef * max((v - target)^2, (vOld + clip(v - vOld, -c, c) - target)^2)}.
 * Labels per row: {@code [target | old value]}; output per row: the value.
 */
public final class ValueLoss extends JavaLoss {
    private double vfCoef = 0.5;
    private double clipRange = Double.NaN;
    /** Mean squared error (before {@code vfCoef}) of the last batch. */
    private double lastValueLoss;

    public void setVfCoef(double vfCoef) { this.vfCoef = vfCoef; }

    /** NaN for no value clipping. */
    public void setClipRange(double clipRange) { this.clipRange = clipRange; }

    public double lastValueLoss() { return lastValueLoss; }

    @Override
    void evaluate(double[] labels, int labelWidth, double[] out, int outWidth, int n, double[] scores, double[] grad) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = out[i], target = labels[i * labelWidth], oldV = labels[i * labelWidth + 1];
            double err = v - target, loss = err * err, dLossDv = 2 * err;
            if (!Double.isNaN(clipRange)) {
                double clippedErr = oldV + Math.max(-clipRange, Math.min(clipRange, v - oldV)) - target;
                if (clippedErr * clippedErr > loss) {
                    loss = clippedErr * clippedErr;
                    dLossDv = Math.abs(v - oldV) > clipRange ? 0 : 2 * clippedErr;
                }
            }
            scores[i] = vfCoef * loss;
            grad[i] = vfCoef * dLossDv / n;
            sum += loss;
        }
        lastValueLoss = sum / n;
    }

    @Override
    public String name() { return "ValueLoss"; }
}
