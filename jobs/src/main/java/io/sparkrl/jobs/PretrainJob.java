package io.sparkrl.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.storage.FrameStacks;
import io.sparkrl.storage.Tables;
import io.sparkrl.storage.TrainingRun;
import io.sparkrl.training.Agent;
import io.sparkrl.training.Agents;
import io.sparkrl.training.Hyperparams;
import io.sparkrl.training.offpolicy.DqnAgent;
import io.sparkrl.training.offpolicy.DqnConfig;
import io.sparkrl.training.fit.Fitting;
import io.sparkrl.training.fit.SparkGraphFitter;
import io.sparkrl.training.onpolicy.ActorCriticSpec;
import io.sparkrl.training.onpolicy.OnPolicyAgent;
import io.sparkrl.training.onpolicy.OnPolicyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Offline pretraining from steps tables (issue #5): any mix of record-bots, rollout and train runs, each step joined
 * to its episode ({@code episode_return}, {@code episode_length}, {@code episode_seed}, {@code policy}) so that a
 * Spark SQL predicate can select the data. The selection streams from Parquet to the learner in shuffled minibatches
 * ({@code toLocalIterator}: one partition in the driver at a time, so the data need not fit in memory), and the
 * result is a run directory holding the pretrained learner: {@code play --run} plays it, {@code train --init-from}
 * fine-tunes it. Algorithms: {@code bc}, behaviour cloning of the actor-critic policy of {@code learner} (ppo, a2c,
 * reinforce) with its critic regressed on the data's returns-to-go; {@code dqn}, offline DQN; {@code cql},
 * conservative Q-learning.
 */
public final class PretrainJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> ALGOS = List.of("bc", "dqn", "cql");

    private PretrainJob() {}

    /**
     * {@code learner}: the learner bc fits (ppo, a2c or reinforce; null: ppo); dqn and cql fit a dqn learner.
     * {@code cqlAlpha}: the weight of CQL's penalty.
     */
    public record Options(List<String> data, String where, String algo, String learner, Path run, long seed, int epochs,
                          int batchSize, double cqlAlpha, String overridesJson, Fitting fit) {
        public Options {
            if (data == null || data.isEmpty()) throw new BadInputException("--data needs at least one steps table directory");
            if (!ALGOS.contains(algo)) throw new BadInputException("pretrain --algo " + algo + " is not available: use " + ALGOS);
            boolean cloning = algo.equals("bc");
            if (learner == null) learner = cloning ? "ppo" : "dqn";
            if (cloning && !Agents.ACTOR_CRITIC.contains(learner))
                throw new BadInputException("--learner must be ppo, a2c or reinforce for bc (the actor-critic policy it fits), got " + learner);
            if (!cloning && !learner.equals("dqn"))
                throw new BadInputException("--algo " + algo + " fits a dqn learner: drop --learner " + learner);
            if (epochs <= 0 || batchSize <= 0) throw new BadInputException("--epochs and --batch-size must be positive");
            if (!(cqlAlpha >= 0)) throw new BadInputException("--cql-alpha must be >= 0, got " + cqlAlpha);
            fit.checkLearner(learner);
        }
    }

    public record Summary(String envId, long episodes, long steps, List<Double> epochLoss, List<Double> epochAccuracy,
                          double seconds) {}

    /** Per-epoch progress for the CLI. */
    public interface Listener {
        void epoch(int epoch, double loss, double accuracy);
    }

    /** The selected steps: every data directory's steps joined to its episodes, filtered by {@code where}. */
    public record Selection(Dataset<Row> steps, EnvRecipe env, long episodes, long rows) {}

    /**
     * Reads and checks the data: each directory must hold a steps and an episodes table of one env (the same for
     * all), with the same observation and action layout; the predicate must parse and select something.
     */
    public static Selection select(SparkSession spark, List<String> dirs, String where) {
        Dataset<Row> all = null;
        EnvRecipe recipe = null;
        for (String dir : dirs) {
            Path root = Path.of(dir);
            Path steps = root.resolve(Tables.STEPS), episodes = root.resolve(Tables.EPISODES);
            if (!Files.isDirectory(steps) || !Files.isDirectory(episodes))
                throw new BadInputException(dir + " is not a steps table: --data takes the directories rollout, record-bots and "
                        + "train write (with steps/ and episodes/ inside)");
            EnvRecipe r = recipeOf(root);
            if (recipe != null && !recipe.equals(r))
                throw new BadInputException("--data mixes " + recipe + " and " + r + " (" + dir + "): pretrain on one env at a time");
            recipe = r;
            Dataset<Row> stepRows = spark.read().parquet(steps.toString());
            boolean pixels = Arrays.asList(stepRows.columns()).contains("frame");
            if (pixels != (r.frameStack() > 0))
                throw new BadInputException(dir + ": its steps table does not store observations as " + r + " does: not a table of that env");
            if (pixels) stepRows = FrameStacks.withObservations(stepRows, r.frameStack());
            Dataset<Row> episodeRows = spark.read().schema(Tables.EPISODES_SCHEMA).parquet(episodes.toString())
                    .selectExpr("run_id AS e_run_id", "episode_id AS e_episode_id", "return AS episode_return",
                            "length AS episode_length", "seed AS episode_seed", "algo AS policy");
            Dataset<Row> joined = stepRows.join(episodeRows, col("run_id").equalTo(col("e_run_id"))
                    .and(col("episode_id").equalTo(col("e_episode_id")))).drop("e_run_id", "e_episode_id")
                    .select("run_id", "env_id", "episode_id", "step", "obs", "action", "action_vec", "reward", "next_obs", "terminated",
                            "truncated", "episode_return", "episode_length", "episode_seed", "policy");
            all = all == null ? joined : all.unionByName(joined);
        }
        List<Row> envs = all.select("env_id").distinct().limit(3).collectAsList();
        if (envs.size() > 1 || (envs.size() == 1 && !envs.get(0).getString(0).equals(recipe.id())))
            throw new BadInputException("--data holds steps of " + envs + ", its config says " + recipe.id() + ": pretrain on one env at a time");
        Dataset<Row> selected = all;
        if (where != null && !where.isBlank()) {
            try {
                selected = all.where(where);
            } catch (Exception e) { // Scala throws AnalysisException (a parse error is one too) unchecked
                if (!(e instanceof AnalysisException)) throw e;
                String why = e.getMessage().strip().split("\n", 2)[0];
                throw new BadInputException("--where \"" + where + "\" is not a predicate over the steps (" + why + "); columns: "
                        + String.join(", ", all.columns()));
            }
        }
        Row counts = selected.selectExpr("count(*)", "count(DISTINCT run_id, episode_id)").first();
        if (counts.getLong(0) == 0)
            throw new BadInputException("the selection is empty" + (where == null ? "" : " (--where " + where + ")")
                    + ": loosen the predicate or record more data");
        return new Selection(selected, recipe, counts.getLong(1), counts.getLong(0));
    }

    /** The env a data directory's config.json names (rollout/record-bots: env_id; train: env), with its options. */
    static EnvRecipe recipeOf(Path root) {
        Path config = root.resolve("config.json");
        try {
            JsonNode node = JSON.readTree(config.toFile());
            JsonNode env = node.hasNonNull("env_id") ? node.get("env_id") : node.get("env");
            if (env == null) throw new BadInputException(config + " names no env: not a sparkrl run directory");
            return new EnvRecipe(env.asText(), node.hasNonNull("env_options") ? node.get("env_options").asText() : null);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + config + " (" + e.getMessage() + "): --data takes sparkrl run directories");
        }
    }

    /** Fits the learner on the selection and writes the run; {@code listener} hears each epoch. */
    public static Summary run(SparkSession spark, Options o, Listener listener) throws IOException {
        long t0 = System.nanoTime();
        TrainingRun run = new TrainingRun(o.run());
        if (run.exists()) throw new BadInputException("run " + run.root() + " exists: pretrain into a new --run");
        TrainingEvents.Epochs epochs = new TrainingEvents.Epochs(listener); // tensorboard/, written with the run
        listener = epochs;
        Selection data = select(spark, o.data(), o.where());
        Hyperparams hp = Agents.defaults(o.learner(), data.env().id());
        if (o.overridesJson() != null) hp = hp.with(o.overridesJson());
        Agent agent;
        Space actions;
        int obsSize;
        try (Env<float[]> env = data.env().make()) {
            actions = env.actionSpace();
            obsSize = env.observationSpace().flatSize();
            Row first = data.steps().select("obs").first();
            if (first.getList(0).size() != obsSize)
                throw new BadInputException("the data's observations have " + first.getList(0).size() + " values, "
                        + data.env() + " has " + env.observationSpace() + ": a schema mismatch");
            agent = Agents.create(o.learner(), env.observationSpace(), actions, hp, o.seed(), false, data.env().frameStack());
        }
        boolean discrete = actions instanceof Space.Discrete;
        String actionColumn = discrete ? "action" : "action_vec";
        if (data.steps().where(col(actionColumn).isNull()).limit(1).count() > 0)
            throw new BadInputException("the data has steps without " + actionColumn + ": its action space is not "
                    + actions + " (a schema mismatch)");
        int actWidth = actions.flatSize(), b = o.batchSize();
        boolean cloning = o.algo().equals("bc");
        double cqlAlpha = o.algo().equals("cql") ? o.cqlAlpha() : 0;
        double lr = cloning ? ((OnPolicyConfig) hp).learningRate() : ((DqnConfig) hp).learningRate();
        // Columns by position: bc reads the return-to-go (the critic's target), dqn/cql the transition.
        Dataset<Row> columns = cloning
                ? withReturnsToGo(data.steps(), ((OnPolicyConfig) hp).gamma()).select("obs", actionColumn, "return_to_go")
                : data.steps().select("obs", actionColumn, "reward", "next_obs", "terminated");
        List<Double> losses = new ArrayList<>(), accuracies = new ArrayList<>();
        if (o.fit().distributed()) {
            fitOnExecutors(spark, o, (OnPolicyAgent) agent, columns, actions, obsSize, actWidth, lr, losses, accuracies, listener);
            writeRun(run, o, data, hp, agent, losses, accuracies, epochs);
            return new Summary(data.env().id(), data.episodes(), data.rows(), losses, accuracies, (System.nanoTime() - t0) / 1e9);
        }
        ActorCriticSpec spec = cloning ? ((OnPolicyAgent) agent).spec() : null;
        boolean critic = cloning && ((OnPolicyAgent) agent).configureCloning();
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            Iterator<List<Row>> minibatches = chunks(columns.orderBy(rand(o.seed() * 31 + epoch)).toLocalIterator(), b);
            double lossSum = 0;
            long seen = 0, correct = 0;
            while (minibatches.hasNext()) {
                List<Row> chunk = minibatches.next();
                if (discrete) correct += matches(agent, actions, chunk, obsSize);
                double loss = cloning ? ((OnPolicyAgent) agent).cloneStep(minibatchOf(chunk, spec, obsSize, actWidth, critic), lr)
                        : offlineStep((DqnAgent) agent, chunk, obsSize, cqlAlpha, lr);
                lossSum += loss * chunk.size();
                seen += chunk.size();
            }
            losses.add(lossSum / seen);
            accuracies.add(discrete ? (double) correct / seen : Double.NaN);
            listener.epoch(epoch, losses.get(epoch), accuracies.get(epoch));
        }
        writeRun(run, o, data, hp, agent, losses, accuracies, epochs);
        return new Summary(data.env().id(), data.episodes(), data.rows(), losses, accuracies, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Behaviour cloning with the minibatches fitted on the executors (DL4J's training masters): each epoch the
     * shuffled selection becomes minibatches where its partitions are, never passing through the driver. An epoch's
     * loss and action agreement are measured on the driver, after the epoch, over the first 2,048 rows.
     */
    private static void fitOnExecutors(SparkSession spark, Options o, OnPolicyAgent agent, Dataset<Row> columns, Space actionSpace,
                                       int obsSize, int actWidth, double lr, List<Double> losses, List<Double> accuracies,
                                       Listener listener) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        boolean discrete = actionSpace instanceof Space.Discrete, critic = agent.configureCloning();
        int b = o.batchSize();
        var fitter = (SparkGraphFitter) agent.fitWith((graph, rows, updater, maxGradNorm) ->
                new SparkGraphFitter(jsc, graph, o.fit(), b, updater, maxGradNorm));
        ActorCriticSpec spec = agent.spec();
        List<Row> probe = columns.limit(2048).collectAsList();
        MultiDataSet probeRows = minibatchOf(probe, spec, obsSize, actWidth, critic);
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            JavaRDD<MultiDataSet> minibatches = columns.orderBy(rand(o.seed() * 31 + epoch)).javaRDD().mapPartitions(rows -> {
                List<MultiDataSet> out = new ArrayList<>();
                chunks(rows, b).forEachRemaining(chunk -> out.add(minibatchOf(chunk, spec, obsSize, actWidth, critic)));
                return out.iterator();
            });
            fitter.fit(minibatches, lr);
            losses.add(agent.meanLoss(List.of(probeRows)));
            accuracies.add(discrete ? (double) matches(agent, actionSpace, probe, obsSize) / probe.size() : Double.NaN);
            listener.epoch(epoch, losses.get(epoch), accuracies.get(epoch));
        }
    }

    /** Consecutive runs of {@code size} rows (the last one may be shorter), each a list of its own. */
    private static Iterator<List<Row>> chunks(Iterator<Row> rows, int size) {
        return new Iterator<>() {
            @Override public boolean hasNext() { return rows.hasNext(); }

            @Override public List<Row> next() {
                List<Row> chunk = new ArrayList<>(size);
                while (chunk.size() < size && rows.hasNext()) chunk.add(rows.next());
                return chunk;
            }
        };
    }

    /** A behaviour-cloning minibatch of rows (obs, action, return_to_go). */
    private static MultiDataSet minibatchOf(List<Row> rows, ActorCriticSpec spec, int obsSize, int actWidth, boolean critic) {
        int n = rows.size();
        float[] obs = new float[n * obsSize], returns = new float[n], continuous = spec.discrete() ? null : new float[n * actWidth];
        int[] actions = spec.discrete() ? new int[n] : null;
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            copyFloats(r.getList(0), obs, i * obsSize);
            if (spec.discrete()) actions[i] = r.getInt(1);
            else copyFloats(r.getList(1), continuous, i * actWidth);
            returns[i] = (float) r.getDouble(2);
        }
        return OnPolicyAgent.cloneMinibatch(spec, obs, actions, continuous, critic ? returns : null, n);
    }

    /** One offline DQN/CQL step on rows (obs, action, reward, next_obs, terminated); returns its TD loss. */
    private static double offlineStep(DqnAgent agent, List<Row> rows, int obsSize, double cqlAlpha, double lr) {
        int n = rows.size();
        float[] obs = new float[n * obsSize], nextObs = new float[n * obsSize], rewards = new float[n];
        int[] actions = new int[n];
        boolean[] terminated = new boolean[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            copyFloats(r.getList(0), obs, i * obsSize);
            actions[i] = r.getInt(1);
            rewards[i] = (float) r.getDouble(2);
            copyFloats(r.getList(3), nextObs, i * obsSize);
            terminated[i] = r.getBoolean(4);
        }
        return agent.offlineStep(obs, actions, rewards, nextObs, terminated, n, cqlAlpha, lr)[0];
    }

    /**
     * {@code steps} with {@code return_to_go}: each step's discounted return from there to its episode's end,
     * {@code sum_k gamma^(k-t) r_k}, as one window sum of {@code r_k gamma^k} divided by {@code gamma^t} (doubles keep
     * 0.99^27000, an Atari episode's worth, far above their smallest value). A truncated episode's tail is cut there.
     */
    static Dataset<Row> withReturnsToGo(Dataset<Row> steps, double gamma) {
        WindowSpec rest = Window.partitionBy("run_id", "episode_id").orderBy("step")
                .rowsBetween(Window.currentRow(), Window.unboundedFollowing());
        Column discounted = col("reward").multiply(pow(lit(gamma), col("step")));
        return steps.withColumn("return_to_go", sum(discounted).over(rest).divide(pow(lit(gamma), col("step"))));
    }

    /** How many of the rows' (obs, action) recorded actions the policy's most likely action equals. */
    private static long matches(Agent agent, Space actionSpace, List<Row> rows, int obsSize) {
        int n = rows.size();
        float[] obs = new float[n * obsSize];
        for (int i = 0; i < n; i++) copyFloats(rows.get(i).getList(0), obs, i * obsSize);
        var batch = new io.sparkrl.rollout.policy.ActionBatch(n, actionSpace);
        agent.policy().act(obs, n, null, true, batch);
        long hits = 0;
        for (int i = 0; i < n; i++) if (batch.discrete[i] == rows.get(i).getInt(1)) hits++;
        return hits;
    }

    private static void copyFloats(List<Object> values, float[] into, int offset) {
        for (int i = 0; i < values.size(); i++) into[offset + i] = ((Number) values.get(i)).floatValue();
    }

    /** A run directory like train's (config.json, checkpoint 0, metrics.csv, tensorboard/), marked as pretrained. */
    private static void writeRun(TrainingRun run, Options o, Selection data, Hyperparams hp, Agent agent,
                                 List<Double> losses, List<Double> accuracies, TrainingEvents.Epochs epochs) throws IOException {
        TrainJob.RunConfig c = new TrainJob.RunConfig(UUID.randomUUID().toString(), data.env(), o.learner(), o.seed(), 1,
                hp.numEnvs(), hp, null);
        ObjectNode config = TrainJob.configJson(c);
        ObjectNode pretrained = config.putObject("pretrained");
        pretrained.put("algo", o.algo());
        if (o.algo().equals("cql")) pretrained.put("cql_alpha", o.cqlAlpha());
        o.data().forEach(pretrained.putArray("data")::add);
        if (o.where() != null) pretrained.put("where", o.where());
        pretrained.put("episodes", data.episodes());
        pretrained.put("steps", data.rows());
        pretrained.put("epochs", o.epochs());
        pretrained.put("batch_size", o.batchSize());
        run.create(config);
        StringBuilder metrics = new StringBuilder("epoch,loss,action_agreement\n");
        for (int e = 0; e < losses.size(); e++) metrics.append(e).append(',').append(losses.get(e)).append(',').append(accuracies.get(e)).append('\n');
        TrainingRun.writeAtomically(run.root().resolve("pretrain-metrics.csv"), metrics.toString());
        epochs.write(run);
        run.writeCheckpoint(0, agent::save);
    }

    /** Whether the run at {@code config} was written by pretrain (it holds a learner, no collectors to resume). */
    static boolean isPretrained(ObjectNode config) { return config.has("pretrained"); }

    public static Map<String, Object> describe(Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", s.envId());
        m.put("episodes", s.episodes());
        m.put("steps", s.steps());
        m.put("final_loss", s.epochLoss().get(s.epochLoss().size() - 1));
        m.put("final_action_agreement", s.epochAccuracy().get(s.epochAccuracy().size() - 1));
        m.put("wall_seconds", s.seconds());
        return m;
    }
}
