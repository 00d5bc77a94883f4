package io.sparkrl.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.runner.Segment;
import io.sparkrl.rollout.runner.SegmentCollector;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.LegacyTables;
import io.sparkrl.storage.SegmentFiles;
import io.sparkrl.storage.Tables;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.training.Agent;
import io.sparkrl.training.Agents;
import io.sparkrl.training.Hyperparams;
import io.sparkrl.training.PolicySnapshot;
import io.sparkrl.training.fit.Fitting;
import io.sparkrl.training.fit.SparkGraphFitter;
import io.sparkrl.training.onpolicy.OnPolicyAgent;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Training on Spark, for every {@link Agent}. Each iteration the loop takes one segment from each of P actors (an
 * {@link ExperienceSource}: {@link SyncActors}, a Spark job per iteration acting with the latest {@link PolicySnapshot},
 * or {@link StreamActors}, long-running actor tasks that collect while the learner updates), joins them and the
 * learner updates (on-policy: from the batch; off-policy: into its replay buffer, then a fixed number of gradient
 * steps, so the update-to-data ratio is fixed). Actors write every segment to the run's trajectory stream as they
 * collect it; every {@code checkpointEvery} iterations, and when stopped, the segments since the last checkpoint are
 * compacted into the steps and episodes tables and then a checkpoint (learner, actors' collector states, counters)
 * is written, so a resumed run neither loses nor repeats data. The run's wall time counts all of it (collection,
 * updates, evaluations, table writes, checkpoints), across resumes; metrics.csv splits each iteration's share.
 */
public final class TrainJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String COLLECTORS_FILE = "collectors.bin", PROGRESS_FILE = "progress.json";

    private TrainJob() {}

    /**
     * What the user asked for; on resume only the stopping options and {@code fit} apply, the rest comes from the run's
     * config. {@code initFrom}: a pretrained run (pretrain's, or any train run's) whose learner a new run starts from.
     * {@code fit}: where the learner fits its minibatches (this invocation's choice: a run may resume on a cluster).
     * {@code evaluation}: periodic evaluation episodes (this invocation's choice too). {@code pipeline}: how actors
     * and learner take turns (this invocation's choice too).
     */
    public record Options(String envId, String envOptions, String algo, Path run, long seed, int partitions, String overridesJson,
                          int checkpointEvery, int maxIterations, boolean allowLargeReplay, Path initFrom, Fitting fit,
                          Evaluations.Settings evaluation, Pipeline pipeline) {
        public Options(String envId, String envOptions, String algo, Path run, long seed, int partitions, String overridesJson,
                       int checkpointEvery, int maxIterations, boolean allowLargeReplay, Path initFrom, Fitting fit,
                       Evaluations.Settings evaluation) {
            this(envId, envOptions, algo, run, seed, partitions, overridesJson, checkpointEvery, maxIterations,
                    allowLargeReplay, initFrom, fit, evaluation, Pipeline.SYNC);
        }
    }

    /**
     * {@code sync}: one Spark job per iteration, the learner waiting for it and it for the learner (bit-exact runs);
     * {@code stream}: long-running actors that collect while the learner updates, at most {@code maxPolicyLag}
     * updates behind it ({@link StreamActors}).
     */
    public record Pipeline(boolean stream, int maxPolicyLag) {
        public static final Pipeline SYNC = new Pipeline(false, 0);

        public Pipeline {
            if (stream && maxPolicyLag < 1)
                throw new BadInputException("--max-policy-lag must be at least 1, got " + maxPolicyLag);
        }
    }

    /** The run's fixed settings, as stored in config.json. */
    public record RunConfig(String runId, EnvRecipe env, String algo, long seed, int partitions, int envsPerPartition,
                            Hyperparams hyperparams, String initFrom) implements Serializable {
        public String envId() { return env.id(); }
    }

    /** Per-iteration progress for the CLI: {@code metrics} is the iteration's metrics.csv row, written before this call. */
    public interface Listener {
        void iteration(int iteration, long envSteps, long totalSteps, List<Segment.FinishedEpisode> episodes,
                       Map<String, Double> metrics);

        /** The learner, in one line (model, memory), once it is created or restored. */
        default void started(String learner) {}

        /** An evaluation's statistics; {@code best}: its learner is now the run's {@code best/}. */
        default void evaluated(Evaluations.Result result, boolean best) {}
    }

    /**
     * {@code wallSeconds}: the run's training time, every call to {@link #run} of it together, each from its start
     * (learner created or restored) to its last checkpoint written; the collect, update, eval and write seconds
     * (steps and episodes tables plus checkpoints) are parts of it.
     */
    public record Summary(RunConfig config, long envSteps, int iterations, long episodes, double wallSeconds,
                          double collectSeconds, double updateSeconds, double evalSeconds, double writeSeconds,
                          boolean finished) {}

    /** Reads (resume) or creates (new run) the run's config, checking the user's options against a resumed run. */
    public static RunConfig prepare(Options o) {
        TrainingRun run = new TrainingRun(o.run());
        if (run.exists()) {
            ObjectNode stored = run.readConfig();
            if (PretrainJob.isPretrained(stored))
                throw new BadInputException("run " + run.root() + " holds a pretrained learner: fine-tune it in a new run with "
                        + "train --init-from " + run.root() + " --env ... --algo ... --run NEW");
            RunConfig c = parseConfig(stored, run.root());
            if (o.overridesJson() != null)
                throw new BadInputException("run " + run.root() + " exists: resuming keeps its own hyper-parameters "
                        + "(config.json); drop --set/--config/--total-steps/--num-envs, or choose a new --run");
            if (o.envId() != null && !o.envId().equals(c.envId()))
                throw new BadInputException("run " + run.root() + " trains " + c.envId() + ", not " + o.envId()
                        + ": drop --env to resume it, or choose a new --run");
            if (o.initFrom() != null)
                throw new BadInputException("run " + run.root() + " exists: --init-from only starts new runs; drop it to resume");
            if (o.envOptions() != null)
                throw new BadInputException("run " + run.root() + " exists: resuming keeps its env options (config.json); "
                        + "drop --env-options, or choose a new --run");
            if (o.algo() != null && !o.algo().equals(c.algo()))
                throw new BadInputException("run " + run.root() + " trains " + c.algo() + ", not " + o.algo()
                        + ": drop --algo to resume it, or choose a new --run");
            o.fit().checkLearner(c.algo());
            return c;
        }
        if (o.envId() == null || o.algo() == null)
            throw new BadInputException("no run at " + run.root() + ": a new run needs --env and --algo");
        o.fit().checkLearner(o.algo());
        EnvRecipe recipe = new EnvRecipe(o.envId(), o.envOptions());
        Hyperparams hp = Agents.defaults(o.algo(), o.envId());
        if (o.overridesJson() != null) hp = hp.with(o.overridesJson());
        // Checks the env can be made (Atari: its ROM), the algorithm fits it and the replay buffer the memory.
        createAgent(recipe, o.algo(), hp, 0, o.allowLargeReplay());
        int partitions = Math.min(o.partitions(), hp.numEnvs());
        if (partitions <= 0) throw new BadInputException("--partitions must be positive, got " + o.partitions());
        if (hp.numEnvs() % partitions != 0)
            throw new BadInputException("n_envs " + hp.numEnvs() + " does not split into " + partitions
                    + " partitions: choose --partitions dividing it, or set n_envs");
        if (o.initFrom() != null) checkInitFrom(o.initFrom(), recipe, o.algo());
        RunConfig c = new RunConfig(UUID.randomUUID().toString(), recipe, o.algo(), o.seed(), partitions,
                hp.numEnvs() / partitions, hp, o.initFrom() == null ? null : o.initFrom().toString());
        run.create(configJson(c));
        return c;
    }

    /** A run's config and the learner of its newest checkpoint. */
    public record Checkpoint(RunConfig config, Agent agent) {}

    /** The newest checkpoint of the run at {@code dir}, its learner loaded to act; one-line errors when there is none. */
    public static Checkpoint latest(Path dir) {
        return new Checkpoint(latestConfig(dir), Agents.loadForActing(latestCheckpointDir(new TrainingRun(dir))));
    }

    /** The best-evaluated learner of the run at {@code dir} ({@code best/}, kept by --eval-every), loaded to act. */
    public static Checkpoint best(Path dir) {
        TrainingRun run = new TrainingRun(dir);
        RunConfig c = latestConfig(dir);
        if (Evaluations.best(run).isEmpty())
            throw new BadInputException("run " + run.root() + " has no best learner (" + Evaluations.bestDir(run)
                    + "): train it with --eval-every STEPS, or play its latest checkpoint without --best");
        return new Checkpoint(c, Agents.loadForActing(Evaluations.bestDir(run)));
    }

    /** The config of the run at {@code dir}, with the same checks as {@link #latest} but no learner loaded. */
    public static RunConfig latestConfig(Path dir) {
        TrainingRun run = new TrainingRun(dir);
        if (!run.exists()) throw new BadInputException("no training run at " + run.root() + ": pass the --run of a train");
        RunConfig c = parseConfig(run.readConfig(), run.root());
        latestCheckpointDir(run);
        return c;
    }

    private static Path latestCheckpointDir(TrainingRun run) {
        return run.latestCheckpoint().orElseThrow(() -> new BadInputException(
                "run " + run.root() + " has no checkpoint yet: train it first"));
    }

    /** Trains until the run's n_timesteps, {@code maxIterations} more iterations, or {@code stop} says so. */
    public static Summary run(SparkSession spark, Options o, RunConfig c, Listener listener, BooleanSupplier stop)
            throws IOException, ClassNotFoundException, InterruptedException {
        TrainingRun run = new TrainingRun(o.run());
        long started = System.nanoTime();
        Agent agent;
        List<SegmentCollector.State> states;
        Progress progress;
        var latest = run.latestCheckpoint();
        if (latest.isPresent()) {
            agent = Agents.load(latest.get());
            states = readStates(latest.get().resolve(COLLECTORS_FILE));
            progress = JSON.readValue(latest.get().resolve(PROGRESS_FILE).toFile(), Progress.class);
        } else {
            agent = createAgent(c.env(), c.algo(), c.hyperparams(), c.seed(), o.allowLargeReplay());
            if (c.initFrom() != null) agent.initFrom(latest(Path.of(c.initFrom())).agent());
            states = null;
            progress = new Progress(0, 0, 0, 0, 0, 0, 0, 0);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = jsc.hadoopConfiguration();
        dropAfterCheckpoint(spark, run, progress.iterations());
        listener = TrainingEvents.around(listener, spark, run, progress); // tensorboard/: metrics, episodes, evaluations
        if (o.fit().distributed())
            ((OnPolicyAgent) agent).fitWith((graph, rows, updater, maxGradNorm) ->
                    new SparkGraphFitter(jsc, graph, o.fit(), rows, updater, maxGradNorm));
        listener.started(agent.describe() + (o.fit().distributed() ? ", fitted on the executors (--fit " + o.fit().mode() + ")" : ""));
        long total = c.hyperparams().totalTimesteps();
        int iteration = progress.iterations(), ranThisCall = 0;
        // The actors' segments of iterations since this one are in the run's segments/, not yet in its tables.
        int firstUncompacted = iteration;
        String runRoot = run.root().toUri().toString();
        ExperienceSource source = o.pipeline().stream()
                ? new StreamActors(jsc, c, runRoot, states, o.pipeline().maxPolicyLag())
                : new SyncActors(jsc, c, runRoot, states);
        long episodes = progress.episodes();
        // One clock for the whole call, never paused: the run's wall time is the time before this call (the
        // checkpoint's) plus everything since `started`: collection, updates, evaluations, table writes, checkpoints.
        Clock clock = new Clock(progress, started);
        boolean more = agent.envSteps() < total && ranThisCall < o.maxIterations() && !stop.getAsBoolean();
        try (source) {
        while (more) {
            long t0 = System.nanoTime(), stepsBefore = agent.envSteps();
            ExperienceSource.Batch batch = source.next(agent.snapshot(), iteration, agent.envSteps());
            long t1 = System.nanoTime();
            List<Segment> parts = new ArrayList<>();
            states = new ArrayList<>();
            for (ExperienceSource.Output out : batch.outputs()) {
                parts.add(out.segment());
                states.add(out.state());
            }
            Segment joined = Segment.concatEnvs(parts);
            Map<String, Double> metrics = agent.update(joined);
            long t2 = System.nanoTime();
            // collect_seconds: what the learner waited for the actors (stream: only what collection did not overlap).
            metrics.put("collect_seconds", (t1 - t0) / 1e9);
            metrics.put("update_seconds", (t2 - t1) / 1e9);
            metrics.put("eval_seconds", 0.0); // set below; the columns keep this order
            metrics.put("write_seconds", 0.0);
            metrics.put("fps", joined.size() / ((t2 - t0) / 1e9)); // collection + update only
            metrics.putAll(batch.metrics());
            List<String> nonFinite = metrics.entrySet().stream().filter(e -> !Double.isFinite(e.getValue()))
                    .map(e -> e.getKey() + "=" + e.getValue()).toList();
            if (!nonFinite.isEmpty())
                throw new BadInputException("non-finite " + String.join(", ", nonFinite) + " at iteration " + iteration
                        + ": stopped, the last good checkpoint is kept; lower learning_rate or check the env's rewards");
            clock.collect += (t1 - t0) / 1e9;
            clock.update += (t2 - t1) / 1e9;
            episodes += joined.finishedEpisodes.size();
            if (o.evaluation().due(stepsBefore, agent.envSteps(), total)) {
                long e0 = System.nanoTime();
                Evaluations.Result result = Evaluations.run(spark, run, c, o.evaluation(), agent.snapshot(), iteration,
                        agent.envSteps(), o.pipeline().stream());
                boolean best = Evaluations.keepIfBest(run, agent, result);
                double seconds = (System.nanoTime() - e0) / 1e9;
                metrics.put("eval_seconds", seconds);
                clock.eval += seconds;
                listener.evaluated(result, best);
            }
            metrics.put("env_steps", (double) agent.envSteps());
            metrics.put("wall_seconds", 0.0); // set when the row is written
            metrics.put("episodes", (double) episodes);
            int done = iteration++, iterations = iteration;
            long episodesSoFar = episodes;
            ranThisCall++;
            more = agent.envSteps() < total && ranThisCall < o.maxIterations() && !stop.getAsBoolean();
            if (!more || iteration % o.checkpointEvery() == 0) {
                // The row goes in just before the checkpoint commits, so it counts the Parquet and checkpoint writes
                // and a crash before the commit drops it with the iterations it describes (dropAfterCheckpoint).
                long w0 = System.nanoTime();
                source.awaitWritten(firstUncompacted, iterations);
                SegmentFiles.compact(hadoopPath(run.root()), firstUncompacted, iterations, hadoop);
                firstUncompacted = iterations;
                checkpoint(run, agent, states, iterations, () -> {
                    double seconds = (System.nanoTime() - w0) / 1e9;
                    metrics.put("write_seconds", seconds);
                    metrics.put("wall_seconds", clock.wall());
                    appendMetrics(run, done, metrics);
                    return clock.progress(iterations, agent.envSteps(), episodesSoFar, seconds);
                });
                clock.write += (System.nanoTime() - w0) / 1e9;
                if (more && stop.getAsBoolean()) more = false; // stopped during the write: nothing is left unwritten
            } else {
                metrics.put("wall_seconds", clock.wall());
                appendMetrics(run, done, metrics);
            }
            listener.iteration(done, agent.envSteps(), total, joined.finishedEpisodes, metrics);
        }
        }
        // Everything up to the last checkpoint is in the tables: what is left was collected past the run's end.
        SegmentFiles.deleteAll(hadoopPath(run.root()), hadoop);
        return new Summary(c, agent.envSteps(), iteration, episodes, clock.wall(), clock.collect, clock.update, clock.eval,
                clock.write, agent.envSteps() >= total);
    }

    /**
     * The run's time: its wall seconds (the last checkpoint's before this call, plus the time since this call began)
     * and the part of it spent collecting, updating, evaluating and writing (tables and checkpoints).
     */
    private static final class Clock {
        private final double before;
        private final long started;
        double collect, update, eval, write;

        Clock(Progress resumed, long started) {
            before = resumed.wallSeconds();
            this.started = started;
            collect = resumed.collectSeconds();
            update = resumed.updateSeconds();
            eval = resumed.evalSeconds();
            write = resumed.writeSeconds();
        }

        double wall() { return before + (System.nanoTime() - started) / 1e9; }

        /** What a checkpoint records, {@code writing} seconds into its write. */
        Progress progress(int iterations, long envSteps, long episodes, double writing) {
            return new Progress(iterations, envSteps, episodes, wall(), collect, update, eval, write + writing);
        }
    }

    /** A pretrained run a new run may start from: the same env (and options) and learner. */
    private static void checkInitFrom(Path initFrom, EnvRecipe recipe, String algo) {
        RunConfig pre = latestConfig(initFrom);
        if (!pre.env().equals(recipe))
            throw new BadInputException("--init-from " + initFrom + " was trained on " + pre.env() + ", this run is on " + recipe
                    + ": pretrain on the same env (and --env-options)");
        if (!pre.algo().equals(algo))
            throw new BadInputException("--init-from " + initFrom + " holds a " + pre.algo() + " learner, this run trains " + algo
                    + ": use --algo " + pre.algo() + " (or pretrain with --learner " + algo + ")");
    }

    private static Agent createAgent(EnvRecipe recipe, String algo, Hyperparams hp, long seed, boolean allowLargeReplay) {
        try (Env<float[]> env = recipe.make()) {
            return Agents.create(algo, env.observationSpace(), env.actionSpace(), hp, seed, allowLargeReplay, recipe.frameStack());
        }
    }

    /**
     * What a checkpoint records about the run besides the learner and the collectors; the seconds are the run's so
     * far, up to the moment this is written (checkpoints of older versions lack the four parts: they read as 0).
     */
    public record Progress(int iterations, long envSteps, long episodes, double wallSeconds, double collectSeconds,
                           double updateSeconds, double evalSeconds, double writeSeconds) {}

    /** Runs inside a checkpoint's write, just before it commits: the metrics row, then the progress it records. */
    @FunctionalInterface
    private interface BeforeCommit {
        Progress progress() throws IOException;
    }

    private static void checkpoint(TrainingRun run, Agent agent, List<SegmentCollector.State> states, int iterations,
                                   BeforeCommit beforeCommit) {
        run.writeCheckpoint(iterations, dir -> {
            agent.save(dir);
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(dir.resolve(COLLECTORS_FILE)))) {
                out.writeObject(new ArrayList<>(states));
            }
            Files.writeString(dir.resolve(PROGRESS_FILE), JSON.writeValueAsString(beforeCommit.progress()));
        });
    }

    private static org.apache.hadoop.fs.Path hadoopPath(Path local) { return new org.apache.hadoop.fs.Path(local.toUri()); }

    /**
     * Appends iteration {@code iteration}'s row. When the file's header names other columns (rows of an older
     * sparkrl, or a resume that changed --fit), the file is first rewritten under the union of both, with NaN in
     * the cells a row did not have, so every row keeps the header's columns.
     */
    private static void appendMetrics(TrainingRun run, int iteration, Map<String, Double> metrics) throws IOException {
        Path file = run.root().resolve(TrainingRun.METRICS);
        List<String> columns = new ArrayList<>(List.of("iteration"));
        columns.addAll(metrics.keySet());
        StringBuilder line = new StringBuilder();
        if (iteration == 0 || !Files.exists(file)) {
            line.append(String.join(",", columns)).append('\n');
        } else {
            String header;
            try (var reader = Files.newBufferedReader(file)) {
                header = reader.readLine();
            }
            List<String> old = header == null ? List.of() : List.of(header.split(","));
            if (!old.equals(columns)) {
                List<String> union = new ArrayList<>(old.isEmpty() ? List.of("iteration") : old);
                for (String k : columns) if (!union.contains(k)) union.add(k);
                StringBuilder all = new StringBuilder(String.join(",", union)).append('\n');
                List<String> lines = Files.readAllLines(file);
                for (String row : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    String[] cells = row.split(",", -1);
                    for (int i = 0; i < union.size(); i++) {
                        int at = old.indexOf(union.get(i));
                        if (i > 0) all.append(',');
                        all.append(at >= 0 && at < cells.length ? cells[at] : "NaN");
                    }
                    all.append('\n');
                }
                TrainingRun.writeAtomically(file, all.toString());
                columns = union;
            }
        }
        line.append(iteration);
        for (String k : columns.subList(1, columns.size())) line.append(',').append(metrics.getOrDefault(k, Double.NaN));
        line.append('\n');
        Files.writeString(file, line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Forgets what a crash (kill -9, lost machine) left after the checkpoint being resumed, or, with no checkpoint
     * yet, everything: metrics rows, table files (evaluations included) and segments of the iterations that are
     * redone, and files whose write never committed. So the tables never show iterations ahead of the learner.
     * Tables of a run written before sparkrl streamed its segments (one {@code iteration=N} directory per iteration)
     * are first rewritten as files that carry the iteration column.
     */
    private static void dropAfterCheckpoint(SparkSession spark, TrainingRun run, int iterations) throws IOException {
        dropMetricsAfter(run, iterations);
        for (String table : List.of(Tables.STEPS, Tables.EPISODES, Tables.EVALUATIONS))
            LegacyTables.migrate(spark, run.table(table), iterations);
        SegmentFiles.dropAfter(hadoopPath(run.root()), iterations, spark.sparkContext().hadoopConfiguration());
    }

    /** Forgets metrics rows of iterations a crash left after the checkpoint being resumed: they are redone. */
    private static void dropMetricsAfter(TrainingRun run, int iterations) throws IOException {
        Path file = run.root().resolve(TrainingRun.METRICS);
        if (!Files.exists(file)) return;
        if (iterations == 0) { // no checkpoint: the run starts over, header included
            Files.delete(file);
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String first = line.substring(0, Math.max(0, line.indexOf(',')));
            if (first.equals("iteration") || (!first.isEmpty() && Integer.parseInt(first) < iterations))
                kept.append(line).append('\n');
        }
        TrainingRun.writeAtomically(file, kept.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<SegmentCollector.State> readStates(Path file) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            return (List<SegmentCollector.State>) in.readObject();
        } catch (IOException e) {
            throw new BadInputException("corrupt checkpoint file " + file + " (" + e.getMessage()
                    + "): restore it or start a new run");
        }
    }

    static ObjectNode configJson(RunConfig c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("run_id", c.runId());
        node.put("env", c.envId());
        if (c.env().options() != null) node.put("env_options", c.env().options());
        if (c.initFrom() != null) node.put("init_from", c.initFrom());
        node.put("algo", c.algo());
        node.put("seed", c.seed());
        node.put("partitions", c.partitions());
        node.put("envs_per_partition", c.envsPerPartition());
        try {
            node.set("hyperparams", JSON.readTree(c.hyperparams().toJson()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return node;
    }

    private static RunConfig parseConfig(ObjectNode node, Path root) {
        try {
            EnvRecipe env = new EnvRecipe(node.get("env").asText(), node.hasNonNull("env_options") ? node.get("env_options").asText() : null);
            return new RunConfig(node.get("run_id").asText(), env, node.get("algo").asText(),
                    node.get("seed").asLong(), node.get("partitions").asInt(), node.get("envs_per_partition").asInt(),
                    Agents.parse(node.get("algo").asText(), node.get("hyperparams").toString()),
                    node.hasNonNull("init_from") ? node.get("init_from").asText() : null);
        } catch (NullPointerException e) {
            throw new BadInputException("run config " + root.resolve(TrainingRun.CONFIG)
                    + " lacks a field: restore it or start a new run directory");
        }
    }
}
