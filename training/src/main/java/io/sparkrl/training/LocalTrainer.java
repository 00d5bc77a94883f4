package io.sparkrl.training;

import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.rollout.vector.VectorEnv;
import io.sparkrl.rollout.vector.VectorEnvs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The train loop without Spark: collect an iteration (numSteps x n_envs) with the live policy, update, repeat
 * until {@code n_timesteps}. The Spark loop in {@code jobs/} is this one with collection spread over partitions.
 * Run it with {@code main} to iterate quickly on a learner.
 */
public final class LocalTrainer {
    /** What a run produced: the trained agent, every finished episode in order, and the wall time. */
    public record Result(Agent agent, List<Segment.FinishedEpisode> episodes, double seconds) {
        /** Mean return of the last {@code count} episodes (fewer if fewer finished; NaN if none). */
        public double meanReturnOfLast(int count) {
            int from = Math.max(0, episodes.size() - count);
            return episodes.subList(from, episodes.size()).stream()
                    .mapToDouble(Segment.FinishedEpisode::episodeReturn).average().orElse(Double.NaN);
        }
    }

    private LocalTrainer() {}

    /**
     * Trains {@code algo} on {@code envId} for {@code maxSteps} env steps (at most the config's n_timesteps, which
     * the schedules run to); {@code log} gets a line per update.
     */
    public static Result train(String envId, String algo, Hyperparams config, long seed, long maxSteps,
                               Consumer<String> log) {
        long start = System.nanoTime();
        try (VectorEnv env = VectorEnvs.make(envId, config.numEnvs())) {
            // Separate streams for the learner (init, sampling) and for acting; envs are seeded seed + i.
            Rng seeds = new Rng(seed);
            Agent agent = Agents.create(algo, env.singleObservationSpace(), env.singleActionSpace(), config,
                    seeds.nextLong(), false);
            SegmentCollector collector = SegmentCollector.start(env, seed, 0, config.numEnvs(), 0);
            Segment batch = collector.newSegment(config.numSteps());
            List<Segment.FinishedEpisode> episodes = new ArrayList<>();
            while (agent.envSteps() < Math.min(maxSteps, config.totalTimesteps())) {
                collector.collect(agent.policy(), batch, agent.envSteps());
                Map<String, Double> metrics = agent.update(batch);
                episodes.addAll(batch.finishedEpisodes);
                Result sofar = new Result(agent, episodes, (System.nanoTime() - start) / 1e9);
                log.accept(String.format("steps %d  episodes %d  return(last 20) %.1f  %.1fs  %s", agent.envSteps(),
                        episodes.size(), sofar.meanReturnOfLast(20), sofar.seconds(), metrics));
            }
            return new Result(agent, episodes, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * {@code LocalTrainer ENV_ID ALGO SEED [OVERRIDES_JSON [MAX_STEPS]]}, e.g.
     * {@code CartPole-v1 dqn 1 '{"n_timesteps":100000}'}.
     */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: LocalTrainer ENV_ID " + String.join("|", Agents.ALGOS) + " SEED [OVERRIDES_JSON [MAX_STEPS]]");
            System.exit(2);
        }
        Hyperparams config = Agents.defaults(args[1], args[0]);
        if (args.length > 3) config = config.with(args[3]);
        long maxSteps = args.length > 4 ? Long.parseLong(args[4]) : config.totalTimesteps();
        int logEvery = Math.max(1, (int) (config.totalTimesteps() / 20 / ((long) config.numSteps() * config.numEnvs())));
        int[] updates = {0};
        Result result = train(args[0], args[1], config, Long.parseLong(args[2]), maxSteps, line -> {
            if (++updates[0] % logEvery == 0) System.out.println(line);
        });
        System.out.printf("%s %s seed %s: %d steps, %d episodes, mean return of last 20 %.1f, %.1f s%n", args[1],
                args[0], args[2], result.agent().envSteps(), result.episodes().size(), result.meanReturnOfLast(20),
                result.seconds());
    }
}
