package io.sparkrl.training.offpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.ActionBatch;
import io.sparkrl.rollout.policy.BatchPolicy;

/**
 * Epsilon-greedy acting on action values: the greedy action, or with probability {@code epsilon} a uniformly random
 * one (per env copy). Reports the chosen action's probability under that rule as its log-probability (what offline
 * learners need) and the greedy value as the state's value. Deterministic play is greedy.
 */
public final class QPolicy implements BatchPolicy {

    /** Action values of a batch of observations, row-major {@code [n, numActions]}, in return units. */
    public interface QFunction {
        int numActions();

        /** {@code deterministic} asks for the mean network where the values are noisy; {@code rng} draws any noise. */
        float[] values(float[] obs, int n, Rng rng, boolean deterministic);
    }

    private final QFunction q;
    private final double epsilon;

    /** The action values it acts on. */
    QFunction q() { return q; }

    public QPolicy(QFunction q, double epsilon) {
        this.q = q;
        this.epsilon = epsilon;
    }

    @Override
    public void act(float[] obs, int n, Rng rng, boolean deterministic, ActionBatch out) {
        float[] values = q.values(obs, n, rng, deterministic);
        int actions = q.numActions();
        double explore = deterministic ? 0 : epsilon;
        for (int i = 0; i < n; i++) {
            int greedy = argmax(values, i * actions, actions);
            int action = explore > 0 && rng.nextDouble() < explore ? rng.nextInt(actions) : greedy;
            out.discrete[i] = action;
            double p = explore / actions + (action == greedy ? 1 - explore : 0);
            out.logProb[i] = (float) Math.log(p);
            out.value[i] = values[i * actions + greedy];
        }
    }

    @Override
    public void values(float[] obs, int n, float[] out) {
        float[] values = q.values(obs, n, new Rng(0), true);
        int actions = q.numActions();
        for (int i = 0; i < n; i++) out[i] = values[i * actions + argmax(values, i * actions, actions)];
    }

    /** Index (0-based, relative to {@code off}) of the largest of {@code values[off .. off+n)}; the first on ties. */
    static int argmax(float[] values, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) if (values[off + j] > values[off + best]) best = j;
        return best;
    }
}
