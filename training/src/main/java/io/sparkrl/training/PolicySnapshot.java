package io.sparkrl.training;

import io.sparkrl.rollout.policy.BatchPolicy;
import java.io.Serializable;

/**
 * Everything an executor needs to act like the learner's current policy (network shape, parameters, exploration
 * and normaliser settings), small and serializable for Spark broadcasts.
 */
public interface PolicySnapshot extends Serializable {
    /** A fresh policy from this snapshot. Not thread-safe: one per task. */
    BatchPolicy toPolicy();

    /**
     * This snapshot's policy, reusing {@code previous} (the policy of an earlier snapshot of the same learner, null for
     * none) where it can: its network with these parameters, instead of building one (a DL4J graph and its
     * initialisation cost milliseconds and much garbage, per actor and policy version).
     */
    default BatchPolicy refresh(BatchPolicy previous) { return toPolicy(); }
}
