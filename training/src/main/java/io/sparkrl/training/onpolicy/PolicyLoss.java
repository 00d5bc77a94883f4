package io.sparkrl.training.onpolicy;

/**
 * Policy-gradient loss of the actor head, per row: {@code -surrogate - entCoef * entropy}, where the surrogate
 * is PPO's clipped {@code min(r A, clip(r, 1-eps, 1+eps) A)} with {@code r = exp(logp - oldLogp)}, or, when
 * {@code clipRange} is NaN, the vanilla {@code logp A} of A2C and REINFORCE.
 *
 * <p>Labels per row: {@code [action | advantage | old log-prob]}, the action one-hot over the categories
 * (Discrete) or the action vector (Box). Output per row: the categorical logits (Discrete), or
 * {@code [mean | log-std]} of a diagonal Gaussian (Box).
 */
public final class PolicyLoss extends JavaLoss {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final boolean gaussian;
    private double clipRange = Double.NaN;
    private double entCoef;

    /** Statistics of the last batch: means of the surrogate loss, entropy, approx KL (k3), clip fraction. */
    private double lastPolicyLoss, lastEntropy, lastApproxKl, lastClipFraction;

    public PolicyLoss(boolean gaussian) { this.gaussian = gaussian; }

    /** NaN for the unclipped policy gradient. */
    public void setClipRange(double clipRange) { this.clipRange = clipRange; }

    public void setEntCoef(double entCoef) { this.entCoef = entCoef; }

    public double lastPolicyLoss() { return lastPolicyLoss; }

    public double lastEntropy() { return lastEntropy; }

    public double lastApproxKl() { return lastApproxKl; }

    public double lastClipFraction() { return lastClipFraction; }

    @Override
    void evaluate(double[] labels, int labelWidth, double[] out, int outWidth, int n, double[] scores, double[] grad) {
        int actWidth = labelWidth - 2;
        double[] dist = new double[outWidth];
        double[] probs = new double[outWidth];
        double sumPg = 0, sumEnt = 0, sumKl = 0;
        int clipped = 0;
        for (int i = 0; i < n; i++) {
            int lo = i * labelWidth, oo = i * outWidth;
            double adv = labels[lo + actWidth], oldLogp = labels[lo + actWidth + 1];
            // dist: d logp / d output for the first outWidth entries; entropy handled per family below.
            double logp, entropy;
            if (gaussian) {
                logp = 0;
                entropy = 0;
                for (int j = 0; j < actWidth; j++) {
                    double mean = out[oo + j], logStd = out[oo + actWidth + j];
                    double z = (labels[lo + j] - mean) * Math.exp(-logStd);
                    logp += -0.5 * z * z - logStd - HALF_LOG_2PI;
                    entropy += logStd + 0.5 + HALF_LOG_2PI;
                    dist[j] = z * Math.exp(-logStd);
                    dist[actWidth + j] = z * z - 1;
                }
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < outWidth; j++) max = Math.max(max, out[oo + j]);
                double sumExp = 0;
                for (int j = 0; j < outWidth; j++) sumExp += Math.exp(out[oo + j] - max);
                double logZ = max + Math.log(sumExp);
                logp = 0;
                entropy = 0;
                for (int j = 0; j < outWidth; j++) {
                    double logPj = out[oo + j] - logZ, p = Math.exp(logPj);
                    probs[j] = p;
                    entropy -= p * logPj;
                    if (labels[lo + j] > 0.5) logp = logPj;
                    dist[j] = (labels[lo + j] > 0.5 ? 1 : 0) - p;
                }
            }
            // d loss / d logp of the surrogate term.
            double pgLoss, dLossDLogp;
            double logRatio = logp - oldLogp, ratio = Math.exp(logRatio);
            if (Double.isNaN(clipRange)) {
                pgLoss = -logp * adv;
                dLossDLogp = -adv;
            } else {
                double clippedRatio = Math.max(1 - clipRange, Math.min(1 + clipRange, ratio));
                double unclippedLoss = -ratio * adv, clippedLoss = -clippedRatio * adv;
                // The max picks the clipped term only where it is strictly larger; there its gradient is 0.
                pgLoss = Math.max(unclippedLoss, clippedLoss);
                dLossDLogp = clippedLoss > unclippedLoss ? 0 : -ratio * adv;
                if (Math.abs(ratio - 1) > clipRange) clipped++;
            }
            scores[i] = pgLoss - entCoef * entropy;
            sumPg += pgLoss;
            sumEnt += entropy;
            sumKl += (ratio - 1) - logRatio;
            for (int j = 0; j < outWidth; j++) grad[oo + j] = dLossDLogp * dist[j] / n;
            // Entropy gradient: Gaussian dH/dlogStd = 1; categorical dH/dz_j = -p_j (log p_j + H).
            if (gaussian) {
                for (int j = 0; j < actWidth; j++) grad[oo + actWidth + j] -= entCoef / n;
            } else {
                for (int j = 0; j < outWidth; j++)
                    if (probs[j] > 0) grad[oo + j] += entCoef * probs[j] * (Math.log(probs[j]) + entropy) / n;
            }
        }
        lastPolicyLoss = sumPg / n;
        lastEntropy = sumEnt / n;
        lastApproxKl = sumKl / n;
        lastClipFraction = (double) clipped / n;
    }

    @Override
    public String name() { return "PolicyLoss"; }
}
