package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.policy.Policy;

/**
 * Swings the pendulum up by energy control, then balances it with a PD controller. With theta = 0 upright the
 * dynamics are theta'' = 15 sin(theta) + 3u, whose energy 0.5 theta'^2 + 15 cos(theta) is 15 at rest upright.
 */
public final class PendulumBot implements Policy {
    private static final float MAX_TORQUE = 2f;
    private static final double UPRIGHT_ENERGY = 15.0;

    public static final String NAME = "swing-up-balance";

    @Override public String name() { return NAME; }

    @Override public void actContinuous(float[] obs, int off, Rng rng, float[] action, int actOff) {
        double cos = obs[off], sin = obs[off + 1], thetaDot = obs[off + 2];
        double theta = Math.atan2(sin, cos);
        double u;
        if (cos > 0.85) {
            u = -(10 * theta + 2 * thetaDot);
        } else {
            double energyGap = UPRIGHT_ENERGY - (0.5 * thetaDot * thetaDot + 15 * cos);
            // Pump along the motion while short of the upright energy; a still pendulum gets a kick to start.
            u = energyGap * (thetaDot == 0 ? 1 : Math.signum(thetaDot));
        }
        action[actOff] = (float) Math.max(-MAX_TORQUE, Math.min(MAX_TORQUE, u));
    }
}
