package io.sparkrl.rollout.bench;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;

/**
 * Env stepping throughput on the calling thread, with a fixed action pattern (no policy cost): a single env from
 * {@link EnvRegistry#make} (time limit and auto-reset by hand included), and the vector env from
 * {@link VectorEnvs#make}. Each measurement runs the same loop once untimed first, so the JIT has compiled it.
 */
public final class EnvThroughput {

    /** Steps per second over {@code steps} timed steps; {@code checksum} keeps the work observable. */
    public record Result(String envId, int numEnvs, long steps, double seconds, double checksum) {
        public double stepsPerSecond() { return steps / seconds; }

        @Override public String toString() {
            return String.format("%-26s n=%-5d %,14.0f steps/s  (%,d steps in %.3f s)", envId, numEnvs,
                    stepsPerSecond(), steps, seconds);
        }
    }

    private EnvThroughput() {}

    /** A single env: {@code steps} steps, resetting when an episode ends. */
    public static Result singleEnv(String envId, long steps) {
        Env<float[]> env = EnvRegistry.make(envId);
        runSingle(env, steps);
        long start = System.nanoTime();
        double checksum = runSingle(env, steps);
        return new Result(envId, 1, steps, (System.nanoTime() - start) * 1e-9, checksum);
    }

    /** A vector env of {@code numEnvs} copies: {@code steps} env steps in all (steps / numEnvs vector steps). */
    public static Result vectorEnv(String envId, int numEnvs, long steps) {
        try (VectorEnv env = VectorEnvs.make(envId, numEnvs)) {
            long vectorSteps = Math.max(1, steps / numEnvs);
            runVector(env, vectorSteps);
            long start = System.nanoTime();
            double checksum = runVector(env, vectorSteps);
            return new Result(envId, numEnvs, vectorSteps * numEnvs, (System.nanoTime() - start) * 1e-9, checksum);
        }
    }

    private static double runSingle(Env<float[]> env, long steps) {
        env.reset(0);
        int n = env.actionSpace() instanceof Space.Discrete d ? d.n() : 0;
        float[] action = new float[1];
        double checksum = 0;
        int next = 0;
        for (long t = 0; t < steps; t++) {
            StepResult<float[]> r;
            if (n > 0) {
                r = env.step(next);
                next = next + 1 == n ? 0 : next + 1;
            } else {
                action[0] = actionPattern(t);
                r = env.step(action);
            }
            checksum += r.reward();
            if (r.done()) checksum += env.reset().obs()[0];
        }
        return checksum;
    }

    private static double runVector(VectorEnv env, long vectorSteps) {
        env.reset(0);
        int numEnvs = env.numEnvs();
        int n = env.singleActionSpace() instanceof Space.Discrete d ? d.n() : 0;
        int[] discrete = new int[numEnvs];
        float[] continuous = new float[numEnvs];
        double checksum = 0;
        for (int i = 0; i < numEnvs; i++) {
            if (n > 0) discrete[i] = i % n;
            else continuous[i] = actionPattern(i);
        }
        for (long t = 0; t < vectorSteps; t++) {
            // Rotate the pattern by one position: cheap, and every copy still sees every action.
            if (n > 0) {
                for (int i = 0; i < numEnvs; i++) discrete[i] = discrete[i] + 1 == n ? 0 : discrete[i] + 1;
                env.step(discrete);
            } else {
                for (int i = 0; i < numEnvs; i++) continuous[i] = -continuous[i];
                env.step(continuous);
            }
            checksum += env.rewards()[0] + env.observations()[0];
        }
        return checksum;
    }

    /** Box actions alternate between -1 and +1 (inside every classic Box). */
    private static float actionPattern(long t) { return (t & 1) == 0 ? 1f : -1f; }

    /** {@code EnvThroughput [envId [numEnvs [steps]]]}: prints single-env and vector-env throughput. */
    public static void main(String[] args) {
        String envId = args.length > 0 ? args[0] : "CartPole-v1";
        int numEnvs = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        long steps = args.length > 2 ? Long.parseLong(args[2]) : 50_000_000L;
        System.out.println(singleEnv(envId, steps));
        System.out.println(vectorEnv(envId, numEnvs, steps));
    }
}
