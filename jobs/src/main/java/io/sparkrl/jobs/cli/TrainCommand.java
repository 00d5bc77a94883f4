package io.sparkrl.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.jobs.ClusterChecks;
import io.sparkrl.jobs.Evaluations;
import io.sparkrl.jobs.RunReport;
import io.sparkrl.jobs.SparkSessions;
import io.sparkrl.jobs.TrainJob;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.storage.plots.EpisodePoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.util.ShutdownHookManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import scala.runtime.AbstractFunction0;
import scala.runtime.BoxedUnit;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an agent (ppo, a2c, reinforce, dqn, linear-q): Spark partitions collect experience with the",
                "broadcast policy, the driver's learner updates it (off-policy: through a replay buffer). Checkpoints",
                "every --checkpoint-every iterations and on exit (Ctrl-C included); `train --run DIR` on an existing run",
                "resumes it.",
                "Hyper-parameters: per-env defaults (rl-zoo's) < --config FILE.json < --set key=value."})
final class TrainCommand implements Callable<Integer> {
    @Mixin SparkOptions spark;
    @Mixin FitOptions fit;
    @Mixin EvaluationOptions evaluation;

    @Option(names = "--env", description = "Environment id (new runs), e.g. CartPole-v1.")
    String env;

    @Option(names = "--env-options", paramLabel = "OPTIONS", description = "(New runs) " + Descriptions.ENV_OPTIONS)
    String envOptions;

    @Option(names = "--algo", description = "ppo, a2c, reinforce, dqn or linear-q (new runs).")
    String algo;

    @Option(names = "--run", required = true, description = "Run directory: created if new, resumed if it holds a run.")
    Path run;

    @Option(names = "--total-steps", description = "Env steps to train for (n_timesteps; new runs).")
    Long totalSteps;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (new runs). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--num-envs", description = "Env copies in all (n_envs; new runs), split over the partitions.")
    Integer numEnvs;

    @Option(names = "--partitions", defaultValue = "2", description = "Spark partitions collecting experience (new runs). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--config", description = "JSON file of hyper-parameters (rl-zoo names: n_steps, learning_rate, pop_art, ...).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One hyper-parameter (repeatable), e.g. --set pop_art=true --set n_epochs=4.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--checkpoint-every", defaultValue = "20", description = "Iterations between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--max-iterations", defaultValue = "2147483647", description = "Stop (with a checkpoint) after this many iterations of this invocation.")
    int maxIterations;

    @Option(names = "--no-plots", description = "Skip the PNG learning curves at the end.")
    boolean noPlots;

    @Option(names = "--init-from", paramLabel = "RUN", description = "Start a new run from a pretrained learner (pretrain's --run, or a train run): its networks and normalisers.")
    Path initFrom;

    @Option(names = "--allow-large-replay", description = "Start even if the full replay buffer (dqn) would not fit in the free heap.")
    boolean allowLargeReplay;

    @Option(names = "--pipeline", defaultValue = "sync", paramLabel = "sync|stream",
            description = "How actors and learner take turns: sync (one Spark job per iteration, then the update: bit-exact "
                    + "runs) or stream (long-running actors collect while the learner updates, --max-policy-lag behind it). "
                    + "This invocation's choice: a run may resume with either. Default: ${DEFAULT-VALUE}.")
    String pipeline;

    @Option(names = "--max-policy-lag", defaultValue = "1", paramLabel = "K",
            description = "With --pipeline stream: how many updates the policy that collected a segment may be behind the "
                    + "learner that applies it. Default: ${DEFAULT-VALUE}.")
    int maxPolicyLag;

    @Override public Integer call() throws Exception {
        if (checkpointEvery <= 0) throw new BadInputException("--checkpoint-every must be positive, got " + checkpointEvery);
        if (maxIterations <= 0) throw new BadInputException("--max-iterations must be positive, got " + maxIterations);
        if (!pipeline.equals("sync") && !pipeline.equals("stream"))
            throw new BadInputException("--pipeline must be sync or stream, got " + pipeline);
        boolean stream = pipeline.equals("stream");
        if (stream && fit.fitting().distributed())
            throw new BadInputException("--pipeline stream fits on the driver: drop --fit " + fit.fitting().mode()
                    + " (its Spark jobs would wait for task slots the actors hold), or use --pipeline sync");
        TrainJob.Options o = new TrainJob.Options(env, envOptions, algo, run, seed, partitions, overridesJson(), checkpointEvery, maxIterations,
                allowLargeReplay, initFrom, fit.fitting(), evaluation.settings(),
                stream ? new TrainJob.Pipeline(true, maxPolicyLag) : TrainJob.Pipeline.SYNC);
        boolean newRun = !new TrainingRun(run).exists();
        TrainJob.RunConfig c = TrainJob.prepare(o);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        // Runs before Spark's own hook stops the context (priority 50), so Ctrl-C still writes the last checkpoint.
        Object hook = ShutdownHookManager.addShutdownHook(100, new AbstractFunction0<BoxedUnit>() {
            @Override public BoxedUnit apply() {
                stop.set(true);
                try {
                    if (!stopped.await(120, TimeUnit.SECONDS))
                        System.err.println("sparkrl train: no checkpoint within 120 s of the stop signal");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return BoxedUnit.UNIT;
            }
        });
        ArrayDeque<Double> recent = new ArrayDeque<>();
        boolean checked = false;
        try (SparkSessions.Session session = spark.open("sparkrl train " + c.algo() + " " + c.envId());
             Progress progress = new Progress("train " + c.algo() + " " + c.envId(), c.hyperparams().totalTimesteps(), "steps")) {
            ClusterChecks.checkNd4jOnExecutors(session.spark()); // the executors act with networks
            if (stream) ClusterChecks.checkTaskSlots(session.spark(), c.partitions());
            checked = true;
            TrainJob.Summary s = TrainJob.run(session.spark(), o, c, new TrainJob.Listener() {
                @Override public void started(String learner) { System.out.println("learner: " + learner); }

                @Override public void evaluated(Evaluations.Result r, boolean best) {
                    System.out.printf(java.util.Locale.ROOT, "eval at %,d steps: mean return %.2f +/- %.2f over %d episodes (min %.2f, max %.2f)%s%n",
                            r.envSteps(), r.meanReturn(), r.stdReturn(), r.episodes(), r.minReturn(), r.maxReturn(),
                            best ? ", the best so far: saved to best/" : "");
                }

                @Override public void iteration(int iteration, long steps, long total, List<Segment.FinishedEpisode> episodes,
                                                Map<String, Double> metrics) {
                    for (Segment.FinishedEpisode e : episodes) {
                        recent.addLast(e.episodeReturn());
                        if (recent.size() > 100) recent.removeFirst();
                    }
                    // The run's env steps over its training wall time, writes and evaluations included (summary.json's steps_per_second).
                    double wall = metrics.getOrDefault("wall_seconds", progress.seconds());
                    progress.update(steps, String.format("%,.0f steps/s, return(100) %.1f", steps / Math.max(wall, 1e-9),
                            recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
                }
            }, stop::get);
            progress.close();
            TrainingRun trainingRun = new TrainingRun(run);
            List<EpisodePoint> episodes = RunReport.episodes(session.spark(), trainingRun);
            Map<String, Object> summary = RunReport.writeSummary(trainingRun, s, episodes, Evaluations.read(session.spark(), trainingRun));
            if (!noPlots) RunReport.plots(session.spark(), trainingRun, c.algo() + " " + c.envId());
            System.out.println((s.finished() ? "trained " : "stopped (resume with: sparkrl train --run " + run + ") ")
                    + new ObjectMapper().writeValueAsString(summary));
            return 0;
        } catch (BadInputException e) {
            // A cluster check failed before anything ran: the same command line must work once the cluster is
            // fixed, so a run this call created goes (else it would say "run exists: drop --set").
            if (newRun && !checked) TrainingRun.deleteRecursively(new TrainingRun(run).root());
            throw e;
        } finally {
            stopped.countDown();
            ShutdownHookManager.removeShutdownHook(hook);
        }
    }

    /** The --config file and the --set pairs (values read as JSON where they parse, else as strings) as one JSON object. */
    private String overridesJson() { return overridesJson(config, set, totalSteps, numEnvs); }

    /** {@code config} (a JSON file, or null), then the {@code set} pairs, then the step and env counts, as one JSON object. */
    static String overridesJson(Path config, Map<String, String> set, Long totalSteps, Integer numEnvs) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode merged = json.createObjectNode();
        if (config != null) {
            try {
                merged.setAll((ObjectNode) json.readTree(Files.readString(config)));
            } catch (IOException | ClassCastException e) {
                throw new BadInputException("cannot read --config " + config + " as a JSON object: " + e.getMessage());
            }
        }
        for (Map.Entry<String, String> kv : set.entrySet()) {
            try {
                merged.set(kv.getKey(), json.readTree(kv.getValue()));
            } catch (IOException e) {
                merged.put(kv.getKey(), kv.getValue());
            }
        }
        if (totalSteps != null) merged.put("n_timesteps", totalSteps);
        if (numEnvs != null) merged.put("n_envs", numEnvs);
        return merged.isEmpty() ? null : merged.toString();
    }
}
