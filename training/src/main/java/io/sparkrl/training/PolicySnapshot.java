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
}
