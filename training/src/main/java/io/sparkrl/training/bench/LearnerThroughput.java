package io.sparkrl.training.bench;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.policy.ActionBatch;
import io.sparkrl.rollout.policy.BatchPolicy;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.replay.ReplayBatch;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.training.Backend;
import io.sparkrl.training.offpolicy.DqnAgent;
import io.sparkrl.training.offpolicy.DqnConfig;
import io.sparkrl.training.offpolicy.QNetwork;
import io.sparkrl.training.onpolicy.OnPolicyAgent;
import io.sparkrl.training.onpolicy.OnPolicyConfig;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Learner micro-benchmarks: one gradient step (or one inference call) of each of sparkrl's network shapes, the
 * cases and names of the PyTorch peer {@code ../shared/peers/learner_torch_bench.py}, so the two print side by side.
 * Each case runs sparkrl's own update code on synthetic data: PPO's {@code update} on a 256-row rollout (its
 * epochs are the gradient steps counted; GAE and label building included), DQN's {@code gradientStep} on a
 * synthetic replay batch (sampling excluded, as the peer has no buffer), and an actor's batched greedy action
 * choice for inference. Warm-up 2 s, then steps/s over {@code seconds} of wall time, with process CPU time beside.
 *
 * <ul>
 *   <li>{@code ppo-mlp}: PPO two-tower MLP 64x64 tanh, CartPole's 4 observations and 2 actions, batch 256</li>
 *   <li>{@code nature}: DQN step of the Nature CNN on 4x84x84 (5 actions), batch 32</li>
 *   <li>{@code nature-infer8}: the Nature CNN's action choice for 8 observations</li>
 *   <li>{@code minatar}: DQN step of MinAtar's net (16 3x3 filters on 4x10x10, 128 units, 3 actions), batch 32</li>
 *   <li>{@code minatar-ppo}: PPO on the MinAtar net (shared conv, two 128 tanh towers), batch 256</li>
 * </ul>
 */
public final class LearnerThroughput {
    public static final List<String> CASES = List.of("ppo-mlp", "nature", "nature-infer8", "minatar", "minatar-ppo");
    private static final int PPO_EPOCHS = 10;

    private LearnerThroughput() {}

    /** One case's measurement: gradient steps (or inference calls) per second of wall time, and CPU seconds used. */
    public record Result(String name, double stepsPerSecond, double msPerStep, long steps, double wallSeconds,
                         double cpuSeconds) {
        @Override public String toString() {
            return String.format("RESULT %-14s %9.1f steps/s %9.3f ms/step  (n=%d, wall %.1fs, process cpu %.1fs)",
                    name, stepsPerSecond, msPerStep, steps, wallSeconds, cpuSeconds);
        }
    }

    /**
     * Runs {@code cases} (names of {@link #CASES}) for {@code seconds} each on {@code threads} ND4J threads, printing one
     * line per case.
     */
    public static Map<String, Result> run(List<String> cases, double seconds, int threads, PrintStream out) {
        for (String name : cases)
            if (!CASES.contains(name))
                throw new BadInputException("unknown learner benchmark case '" + name + "': use " + String.join(", ", CASES));
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Map<String, Result> results = new LinkedHashMap<>();
        for (String name : cases) {
            Step step = switch (name) {
                case "ppo-mlp" -> ppo(Space.Box.uniform(-1, 1, 4), 2, "{\"hidden\": [64, 64], \"learning_rate\": 0.001, \"ent_coef\": 0.0}", 8, 32);
                case "nature" -> dqn(new int[] {4, 84, 84}, 5, "{\"hidden\": [512], \"conv\": [[32, 8, 4], [64, 4, 2], [64, 3, 1]]}");
                case "nature-infer8" -> inference(new int[] {4, 84, 84}, 5, "{\"hidden\": [512], \"conv\": [[32, 8, 4], [64, 4, 2], [64, 3, 1]]}", 8);
                case "minatar" -> dqn(new int[] {4, 10, 10}, 3, "{\"hidden\": [128], \"conv\": [[16, 3, 1]]}");
                case "minatar-ppo" -> ppo(image(new int[] {4, 10, 10}), 3,
                        "{\"hidden\": [128], \"conv\": [[16, 3, 1]], \"learning_rate\": 0.0005, \"ent_coef\": 0.01}", 16, 16);
                default -> throw new AssertionError(name);
            };
            Result result = measure(name, step, seconds);
            out.println(result);
            out.flush();
            results.put(name, result);
        }
        return results;
    }

    /** One timed unit: runs some gradient steps (or inference calls) and says how many. */
    private interface Step { int run(); }

    private static Result measure(String name, Step step, double seconds) {
        long warmUpEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmUpEnd) step.run();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9), steps = 0;
        while (System.nanoTime() < end) steps += step.run();
        double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        return new Result(name, steps / wall, 1000 * wall / steps, steps, wall, cpu);
    }

    private static Space.Box image(int[] shape) {
        int size = shape[0] * shape[1] * shape[2];
        float[] low = new float[size], high = new float[size];
        Arrays.fill(high, 1);
        return new Space.Box(low, high, shape);
    }

    /** PPO updates on one synthetic rollout of {@code envs x steps} = 256 rows, one 256-row minibatch per epoch. */
    private static Step ppo(Space.Box obsSpace, int actions, String overrides, int envs, int steps) {
        String settings = overrides.substring(0, overrides.length() - 1) + String.format(
                ", \"n_envs\": %d, \"n_steps\": %d, \"batch_size\": %d, \"n_epochs\": %d, \"lr_schedule\": \"constant\", "
                + "\"n_timesteps\": 1000000000}", envs, steps, envs * steps, PPO_EPOCHS);
        OnPolicyConfig config = OnPolicyConfig.forEnv("ppo", "CartPole-v1").with(settings);
        OnPolicyAgent agent = OnPolicyAgent.create("ppo", obsSpace, new Space.Discrete(actions), config, 1);
        Rng rng = new Rng(1);
        Segment rollout = new Segment(steps, envs, obsSpace.flatSize(), true, 1);
        for (int i = 0; i < rollout.obs.length; i++) rollout.obs[i] = (float) rng.nextDouble();
        System.arraycopy(rollout.obs, 0, rollout.nextObs, 0, rollout.obs.length);
        for (int i = 0; i < rollout.size(); i++) {
            rollout.discreteActions[i] = i % actions;
            rollout.logProbs[i] = (float) -Math.log(actions);
            rollout.values[i] = (float) rng.nextDouble();
            rollout.rewards[i] = (float) rng.nextDouble();
        }
        return () -> {
            agent.update(rollout);
            return PPO_EPOCHS;
        };
    }

    private static DqnAgent dqnAgent(int[] imageShape, int actions, String overrides) {
        DqnConfig config = DqnConfig.forEnv("CartPole-v1").with(overrides.substring(0, overrides.length() - 1)
                + ", \"batch_size\": 32, \"learning_rate\": 0.0001, \"buffer_size\": 1000, \"lr_schedule\": \"constant\"}");
        return DqnAgent.create(image(imageShape), new Space.Discrete(actions), config, 1, false, 0);
    }

    /** DQN gradient steps on one synthetic batch of 32 (online and target forward, Huber on Q(s, a), backward, Adam). */
    private static Step dqn(int[] imageShape, int actions, String overrides) {
        DqnAgent agent = dqnAgent(imageShape, actions, overrides);
        int n = 32, obsSize = imageShape[0] * imageShape[1] * imageShape[2];
        ReplayBatch batch = new ReplayBatch(n, obsSize, true, 1);
        Rng rng = new Rng(2);
        for (int i = 0; i < batch.obs.length; i++) {
            batch.obs[i] = (float) rng.nextDouble();
            batch.nextObs[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            batch.actions[i] = i % actions;
            batch.returns[i] = (float) rng.nextDouble();
            batch.discounts[i] = 0.99f;
            batch.weights[i] = 1;
        }
        Map<String, Double> sums = new HashMap<>();
        return () -> {
            QNetwork.scoped(() -> agent.gradientStep(batch, 1e-4, sums));
            return 1;
        };
    }

    /** An actor's greedy action choice for {@code n} observations (one batched forward pass). */
    private static Step inference(int[] imageShape, int actions, String overrides, int n) {
        BatchPolicy policy = dqnAgent(imageShape, actions, overrides).snapshot().toPolicy();
        int obsSize = imageShape[0] * imageShape[1] * imageShape[2];
        float[] obs = new float[n * obsSize];
        Rng rng = new Rng(3);
        for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.nextDouble();
        ActionBatch out = new ActionBatch(n, new Space.Discrete(actions));
        return () -> {
            policy.act(obs, n, rng, true, out);
            return 1;
        };
    }

    /** {@code LearnerThroughput [seconds] [case,case,...] [threads]}. */
    public static void main(String[] args) {
        Backend.select();
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        List<String> cases = args.length > 1 ? List.of(args[1].split(",")) : CASES;
        run(cases, seconds, args.length > 2 ? Integer.parseInt(args[2]) : 1, System.out);
    }
}
