package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.RolloutJob;
import io.sparkrl.jobs.SparkSessions;
import io.sparkrl.rollout.bench.AtariOverhead;
import io.sparkrl.rollout.bench.EnvThroughput;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.policy.Policies;
import io.sparkrl.rollout.runner.EpisodePlayer;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.storage.replay.ReplayThroughput;
import io.sparkrl.training.Backend;
import io.sparkrl.training.bench.LearnerThroughput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure env steps/s on one thread (single env and vectorised env) and rollout-job episodes/s,",
                "and compare with Gymnasium 1.4 measured on this machine kind (docs/BENCHMARKS.md).",
                "With --replay: replay buffer bytes per transition and sampled batches/s instead.",
                "With --atari: the Atari wrapper stack's overhead over raw ALE stepping the same frames instead.",
                "With --learner: gradient steps/s of sparkrl's networks, the cases of ../shared/peers/learner_torch_bench.py."})
final class BenchCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;

    /** Gymnasium 1.4 steps/s on the 2-core reference machine (shared/notes/platform.md). */
    private static final Map<String, Double> GYMNASIUM_SINGLE = Map.of(
            "CartPole-v1", 72e3, "Acrobot-v1", 16e3, "Pendulum-v1", 47e3);
    private static final double GYMNASIUM_VECTOR_CARTPOLE = 6.5e6;
    /** Sampling time per replay measurement. */
    private static final double REPLAY_SECONDS = 10;

    @Option(names = "--envs", split = ",", defaultValue = "CartPole-v1,MountainCar-v0,MountainCarContinuous-v0,Acrobot-v1,Pendulum-v1",
            description = "Env ids to time, any registered id (e.g. MinAtar/Breakout-v1). Default: all classic control.")
    List<String> envs;

    @Option(names = "--steps", defaultValue = "20000000", description = "Timed env steps per measurement. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--num-envs", defaultValue = "1024", description = "Copies in the vectorised env (Gymnasium's reference used 1024). Default: ${DEFAULT-VALUE}.")
    int numEnvs;

    @Option(names = "--rollout-episodes", defaultValue = "2000", description = "Episodes for the rollout-job measurement (0 skips it). Default: ${DEFAULT-VALUE}.")
    long rolloutEpisodes;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the rollout job. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--rollout-env", defaultValue = "CartPole-v1",
            description = "Env of the rollout-job measurement, e.g. ALE/Tetris-v5 (with --rom-dir; frames/s are reported too). Default: ${DEFAULT-VALUE}.")
    String rolloutEnv;

    @Option(names = "--rollout-only", description = "Skip the env steps/s table: only the rollout-job measurement.")
    boolean rolloutOnly;

    @Option(names = "--replay", arity = "0..1", fallbackValue = "1000000", paramLabel = "TRANSITIONS",
            description = {"Instead of the env measurements: fill a replay buffer of 4x84x84 frame stacks with this many transitions "
                    + "(default 1000000, about 7.1 GB of heap: SPARKRL_JAVA_OPTS=-Xmx10g) and time batches of 32, uniform and prioritised."})
    long replayTransitions;

    @Option(names = "--atari", description = {"Instead of the env measurements: time raw ALE (act + getScreenRGB per frame) against "
            + "<game>NoFrameskip-v4 in the full SB3 wrapper stack over the same frames, interleaved; ROM from --rom-dir."})
    boolean atari;

    @Option(names = "--atari-game", defaultValue = "Tetris", description = "Game for --atari (its ROM must be in the ROM directory). Default: ${DEFAULT-VALUE}.")
    String atariGame;

    @Option(names = "--atari-steps", defaultValue = "500", description = "Wrapped env steps per --atari round. Default: ${DEFAULT-VALUE}.")
    int atariSteps;

    @Option(names = "--atari-rounds", defaultValue = "20", description = "Timed --atari rounds (after one warm-up round). Default: ${DEFAULT-VALUE}.")
    int atariRounds;

    @Option(names = "--learner", arity = "0..1", split = ",", fallbackValue = "ppo-mlp,nature,nature-infer8,minatar,minatar-ppo",
            paramLabel = "CASES", description = {"Instead of the env measurements: one line per learner case (default all: ppo-mlp, "
                    + "nature, nature-infer8, minatar, minatar-ppo) with its gradient steps (or inference calls) per second."})
    List<String> learnerCases;

    @Option(names = "--learner-seconds", defaultValue = "5", description = "Timed seconds per --learner case, after 2 s of warm-up. Default: ${DEFAULT-VALUE}.")
    double learnerSeconds;

    @Option(names = "--threads", defaultValue = "1", description = "ND4J threads for --learner (the peer's --threads). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Override public Integer call() throws Exception {
        if (learnerCases != null) {
            if (learnerSeconds <= 0 || threads <= 0) throw new BadInputException("--learner-seconds and --threads must be positive");
            var backend = Backend.describe();
            System.out.println("learner steps/s, ND4J " + backend.get("nd4j_build") + ", " + threads + " thread(s)");
            LearnerThroughput.run(learnerCases, learnerSeconds, threads, System.out);
            return 0;
        }
        if (atari) {
            System.out.println("Atari wrapper overhead on one thread: " + AtariOverhead.run(atariGame, atariSteps, atariRounds));
            return 0;
        }
        if (replayTransitions > 0) {
            System.out.println("replay buffer: " + ReplayThroughput.SETUP);
            for (boolean prioritized : new boolean[] {false, true})
                System.out.println(ReplayThroughput.run(replayTransitions, prioritized, REPLAY_SECONDS));
            return 0;
        }
        if (rolloutOnly) {
            benchRollout();
            return 0;
        }
        if (steps <= 0 || numEnvs <= 0) throw new BadInputException("--steps and --num-envs must be positive");
        System.out.println("env steps/s on one thread (" + String.format("%,d", steps) + " steps each, after a warm-up pass)");
        System.out.printf("%-26s %16s %16s %12s %12s%n", "env", "single", "vector n=" + numEnvs, "single/gym", "vector/gym");
        for (String env : envs) {
            double single = EnvThroughput.singleEnv(env, steps).stepsPerSecond();
            double vector = EnvThroughput.vectorEnv(env, numEnvs, steps).stepsPerSecond();
            Double gym = GYMNASIUM_SINGLE.get(env);
            System.out.printf("%-26s %,16.0f %,16.0f %12s %12s%n", env, single, vector,
                    gym == null ? "-" : String.format("%.0fx", single / gym),
                    env.equals("CartPole-v1") ? String.format("%.1fx", vector / GYMNASIUM_VECTOR_CARTPOLE) : "-");
        }
        if (rolloutEpisodes > 0) benchRollout();
        return 0;
    }

    /**
     * The rollout job on {@code --rollout-env} (random policy, written to a temporary directory), and for reference
     * the same env and policy on one thread without Spark (as many episodes as partitions).
     */
    private void benchRollout() throws Exception {
        EnvRecipe recipe = EnvRecipe.of(rolloutEnv);
        double frames = recipe.framesPerStep();
        double localStepsPerSecond;
        try (var env = recipe.make()) {
            EpisodePlayer player = new EpisodePlayer(env, Policies.byName("random", rolloutEnv, env.actionSpace()));
            long t0 = System.nanoTime(), played = 0;
            for (int i = 0; i < partitions; i++) played += player.play(i, i, 1_000_000).length();
            localStepsPerSecond = played / ((System.nanoTime() - t0) / 1e9);
        }
        Path dir = Files.createTempDirectory("sparkrl-bench");
        try (SparkSessions.Session session = spark.open("sparkrl bench")) {
            RolloutJob.Options o = new RolloutJob.Options(rolloutEnv, null, "random", 0, rolloutEpisodes, partitions,
                    dir.resolve("run").toString(), 0, 1_000_000);
            RolloutJob.Summary s = RolloutJob.run(session.spark(), o, (episodes, steps) -> {});
            System.out.printf("rollout job (%s, random, %d episodes, %d partitions, %s): %.1f episodes/s, %,.0f steps/s%s, %.1f s wall; "
                            + "one thread without Spark: %,.0f steps/s (job/thread %.2f)%n",
                    rolloutEnv, rolloutEpisodes, partitions, session.spark().sparkContext().master(), s.episodesPerSecond(),
                    s.stepsPerSecond(), frames == 1 ? "" : String.format(" = %,.0f frames/s", s.stepsPerSecond() * frames),
                    s.seconds(), localStepsPerSecond, s.stepsPerSecond() / localStepsPerSecond);
        } finally {
            TrainingRun.deleteRecursively(dir);
        }
    }
}
