package io.sparkrl.training.offpolicy;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.training.PolicySnapshot;
import java.util.Arrays;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What an executor needs to act like a DQN learner: the Q-network's shape and parameters, the exploration rate of
 * this iteration, and the Pop-Art statistics that map the network's outputs to returns (0 and 1 without Pop-Art).
 */
public record QSnapshot(QNetwork.Spec spec, float[] params, double epsilon, double valueMean, double valueStd)
        implements PolicySnapshot {

    @Override public BatchPolicy toPolicy() {
        QNetwork net = new QNetwork(spec, 0);
        net.setParams(params);
        return new QPolicy(new NetworkQ(net, valueMean, valueStd), epsilon);
    }

    @Override public BatchPolicy refresh(BatchPolicy previous) {
        if (!(previous instanceof QPolicy p) || !(p.q() instanceof NetworkQ q)) return toPolicy();
        q.net().setParams(params);
        return new QPolicy(new NetworkQ(q.net(), valueMean, valueStd), epsilon);
    }

    /** Action values from a {@link QNetwork}: noisy nets draw fresh noise per call, or use mean weights when deterministic. */
    record NetworkQ(QNetwork net, double valueMean, double valueStd) implements QPolicy.QFunction {
        @Override public int numActions() { return net.spec().numActions(); }

        @Override public float[] values(float[] obs, int n, Rng rng, boolean deterministic) {
            if (deterministic) net.noiseOff();
            else net.resampleNoise(rng);
            int size = n * net.spec().obsSize();
            float[] rows = obs.length == size ? obs : Arrays.copyOf(obs, size);
            float[] q = QNetwork.scoped(() -> QNetwork.rowMajor(net.forward(Nd4j.create(rows, new long[] {n, net.spec().obsSize()}, 'c'))));
            if (valueMean != 0 || valueStd != 1)
                for (int i = 0; i < q.length; i++) q[i] = (float) (valueStd * q[i] + valueMean);
            return q;
        }
    }
}
