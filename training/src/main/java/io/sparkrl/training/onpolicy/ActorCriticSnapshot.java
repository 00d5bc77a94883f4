package io.sparkrl.training.onpolicy;

import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.training.PolicySnapshot;
import io.sparkrl.training.PopArt;

/**
 * What an executor needs to act like an actor-critic learner's current policy: the network's shape, its flat
 * parameters and the value normaliser's statistics ({@code valueMean} 0 and {@code valueStd} 1 without Pop-Art).
 * Serializable, for Spark broadcasts.
 */
public record ActorCriticSnapshot(ActorCriticSpec spec, float[] params, double valueMean, double valueStd)
        implements PolicySnapshot {

    /** A fresh network with these parameters, behind a {@link BatchPolicy}. Not thread-safe: one per task. */
    @Override public BatchPolicy toPolicy() {
        ActorCriticNet net = new ActorCriticNet(spec, 0);
        net.setParams(params);
        return new NetPolicy(net, new PopArt(valueMean, valueStd));
    }

    @Override public BatchPolicy refresh(BatchPolicy previous) {
        if (!(previous instanceof NetPolicy p)) return toPolicy();
        p.net().setParams(params);
        return new NetPolicy(p.net(), new PopArt(valueMean, valueStd));
    }
}
