package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.training.Agents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * train and pretrain with --fit averaging|shared on local[2]: the minibatches go through DL4J's Spark training masters
 * (the multi-JVM cluster version is DistributedFitIT).
 */
class DistributedFitTest {
    @TempDir Path tmp;

    /** Column {@code name} of metrics.csv, one value per iteration. */
    static double[] metric(Path run, String name) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int column = Arrays.asList(lines.get(0).split(",")).indexOf(name);
        assertTrue(column >= 0, name + " in " + lines.get(0));
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[column])).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"averaging", "shared"})
    void ppoFitsOnTheExecutors(String mode) throws Exception {
        Path run = tmp.resolve(mode);
        Cli train = Cli.run("train", "--env", "CartPole-v1", "--algo", "ppo", "--run", run.toString(), "--seed", "1",
                "--total-steps", "2048", "--set", "n_envs=4", "--set", "n_steps=128", "--set", "batch_size=64", "--set", "n_epochs=4",
                "--checkpoint-every", "1", "--fit", mode, "--master", "local[2]", "--no-plots");
        assertEquals(0, train.code(), train.toString());
        assertTrue(train.out().contains("fitted on the executors (--fit " + mode + ")"), train.out());
        double[] first = metric(run, "fit_loss_before"), last = metric(run, "fit_loss_after");
        assertEquals(4, first.length);
        int fell = 0;
        for (int i = 0; i < first.length; i++) if (last[i] < first[i]) fell++;
        assertTrue(fell >= 3, "the loss falls over an update's epochs: " + Arrays.toString(first) + " -> " + Arrays.toString(last));
        float[] after3 = Agents.load(run.resolve("checkpoints/iter-000003")).params();
        float[] after4 = Agents.load(run.resolve("checkpoints/iter-000004")).params();
        assertFalse(Arrays.equals(after3, after4), "the driver's model changed");
    }

    @Test void pretrainClonesTheBotWithSharedFitting() throws Exception {
        Path bots = tmp.resolve("bots"), bc = tmp.resolve("bc");
        assertEquals(0, Cli.run("record-bots", "--env", "CartPole-v1", "--episodes", "12", "--seed", "1",
                "--master", "local[2]", "--out", bots.toString()).code());
        Cli pretrain = Cli.run("pretrain", "--data", bots.toString(), "--run", bc.toString(), "--epochs", "4",
                "--batch-size", "128", "--fit", "shared", "--master", "local[2]");
        assertEquals(0, pretrain.code(), pretrain.toString());
        List<String> epochs = Files.readAllLines(bc.resolve("pretrain-metrics.csv"));
        double firstLoss = Double.parseDouble(epochs.get(1).split(",")[1]), lastLoss = Double.parseDouble(epochs.get(4).split(",")[1]);
        double agreement = Double.parseDouble(epochs.get(4).split(",")[2]);
        // The loss is both heads' (the critic regresses on returns-to-go of up to ~100): it falls by half in 4 epochs.
        assertTrue(lastLoss < 0.7 * firstLoss, epochs.toString());
        assertTrue(agreement >= 0.7, "the clone agrees with the bot (a random policy: 0.5): " + epochs);
    }

    @Test void offPolicyLearnersRefuseDistributedFitting() {
        Cli dqn = Cli.run("train", "--env", "CartPole-v1", "--algo", "dqn", "--run", tmp.resolve("dqn").toString(), "--fit", "shared",
                "--master", "local[1]");
        assertEquals(2, dqn.code(), dqn.toString());
        assertTrue(dqn.err().contains("--fit shared fits DL4J actor-critic networks") && dqn.err().contains("use --fit local"), dqn.err());
        assertFalse(Files.exists(tmp.resolve("dqn")), "nothing written for a refused run");
        Cli bad = Cli.run("train", "--env", "CartPole-v1", "--algo", "ppo", "--run", tmp.resolve("x").toString(), "--fit", "everywhere");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--fit everywhere is not a fitting mode"), bad.err());
    }
}
