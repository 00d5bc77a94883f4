package io.sparkrl.jobs.cli;

import io.sparkrl.jobs.Evaluations;
import picocli.CommandLine.Option;

/** train's periodic evaluation options (SB3's EvalCallback settings). */
final class EvaluationOptions {
    @Option(names = "--eval-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Evaluate every STEPS env steps and when training completes, as SB3's EvalCallback: the executors play"
                    + " --eval-episodes episodes greedily (rows in the run's evaluations table); the best learner goes to best/"
                    + " (play --best). Default: 0 (off).")
    long evalEvery;

    @Option(names = "--eval-episodes", defaultValue = "10", description = "Episodes per evaluation. Default: ${DEFAULT-VALUE}.")
    int evalEpisodes;

    @Option(names = "--eval-seed", defaultValue = "1000000",
            description = "Evaluation episode i is reset with this seed + i, as play --seed (so play --deterministic replays them). Default: ${DEFAULT-VALUE}.")
    long evalSeed;

    @Option(names = "--eval-stochastic", description = "Evaluate by sampling actions (and exploring) instead of greedily.")
    boolean evalStochastic;

    Evaluations.Settings settings() { return new Evaluations.Settings(evalEvery, evalEpisodes, evalSeed, !evalStochastic); }
}
