package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code play --summary FILE.json}: the evaluation step of the Airflow DAG (submit/airflow). */
class PlaySummaryTest {
    @TempDir static Path tmp;
    static Path run;

    /** A tiny PPO run: 2 envs x 64 steps, 2 iterations. */
    @BeforeAll static void train() {
        run = tmp.resolve("ppo");
        Cli c = Cli.train(run, "--env", "CartPole-v1", "--algo", "ppo", "--total-steps", "256", "--seed", "1",
                "--set", "n_envs=2", "--set", "n_steps=64", "--set", "n_epochs=1", "--set", "batch_size=64",
                "--no-plots", "--master", "local[1]", "--conf", "spark.ui.enabled=false");
        assertEquals(0, c.code(), c.toString());
    }

    @Test void summaryHoldsTheStatisticsOfThePrintedEpisodes() throws Exception {
        Path summary = tmp.resolve("eval/2026-11-22/summary.json"); // its directory does not exist yet
        Cli play = Cli.run("play", "--run", run.toString(), "--episodes", "4", "--seed", "11", "--summary", summary.toString());
        assertEquals(0, play.code(), play.toString());

        List<Double> printedReturns = new ArrayList<>();
        List<Integer> printedLengths = new ArrayList<>();
        Matcher m = Pattern.compile("episode \\d+ \\(seed \\d+\\): return ([-0-9.]+), (\\d+) steps").matcher(play.out());
        while (m.find()) {
            printedReturns.add(Double.parseDouble(m.group(1)));
            printedLengths.add(Integer.parseInt(m.group(2)));
        }
        assertEquals(4, printedReturns.size(), play.out());

        JsonNode s = new ObjectMapper().readTree(summary.toFile());
        assertEquals(4, s.get("episodes").asInt());
        assertEquals("ppo", s.get("algo").asText());
        assertEquals("CartPole-v1", s.get("env").asText());
        assertEquals(256, s.get("env_steps").asLong());
        assertEquals(11, s.get("seed").asLong());
        assertFalse(s.get("deterministic").asBoolean());
        double sum = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE, lengthSum = 0;
        for (int i = 0; i < 4; i++) {
            double r = s.get("returns").get(i).asDouble();
            assertEquals(printedReturns.get(i), r, 0.005, "episode " + i + " return");
            assertEquals((int) printedLengths.get(i), s.get("lengths").get(i).asInt(), "episode " + i + " length");
            // CartPole pays 1 per step: a return is its episode's length.
            assertEquals(printedLengths.get(i), r, 1e-9);
            sum += r;
            min = Math.min(min, r);
            max = Math.max(max, r);
            lengthSum += printedLengths.get(i);
        }
        double mean = sum / 4;
        double squares = 0;
        for (int i = 0; i < 4; i++) squares += Math.pow(s.get("returns").get(i).asDouble() - mean, 2);
        assertEquals(mean, s.get("mean_return").asDouble(), 1e-9);
        assertEquals(Math.sqrt(squares / 4), s.get("std_return").asDouble(), 1e-9);
        assertEquals(min, s.get("min_return").asDouble());
        assertEquals(max, s.get("max_return").asDouble());
        assertEquals(lengthSum / 4, s.get("mean_length").asDouble(), 1e-9);
        assertTrue(play.out().contains("summary -> " + summary), play.out());

        // A second evaluation replaces the file whole and leaves no temporary file beside it.
        Cli again = Cli.run("play", "--run", run.toString(), "--episodes", "2", "--deterministic", "--summary", summary.toString());
        assertEquals(0, again.code(), again.toString());
        assertEquals(2, new ObjectMapper().readTree(summary.toFile()).get("episodes").asInt());
        try (Stream<Path> files = Files.list(summary.getParent())) {
            assertEquals(List.of(summary), files.toList());
        }
    }

    @Test void anUnwritableSummaryIsRefusedBeforePlaying() throws Exception {
        Cli dir = Cli.run("play", "--run", run.toString(), "--summary", tmp.toString());
        dir.assertBadInput("--summary", "is a directory");
        assertFalse(dir.out().contains("episode"), "no episode played: " + dir.out());

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Cli.run("play", "--run", run.toString(), "--summary", file.resolve("summary.json").toString())
                .assertBadInput("--summary", "cannot create its directory");
    }
}
