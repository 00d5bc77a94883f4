package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query verb's formats, and every bad input the issue lists: one line, exit code 2, no stack trace. */
class QueryAndBadInputTest {
    @TempDir static Path tmp;
    static String run;

    @BeforeAll static void rollout() {
        run = tmp.resolve("run").toString();
        Cli c = Cli.run("rollout", "--env", "MountainCar-v0", "--episodes", "5", "--partitions", "2", "--seed", "3",
                "--master", "local[2]", "--out", run);
        assertEquals(0, c.code(), c.toString());
    }

    @Test void queryPrintsATable() {
        Cli c = Cli.run("query", "--data", run, "--master", "local[1]",
                "SELECT count(*) AS episodes, sum(length) AS steps, min(return) FROM episodes");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("| episodes | steps |"), c.out());
        assertTrue(c.out().contains("|        5 |  1000 |"), c.out());
    }

    @Test void queryPrintsCsvAndJson() {
        Cli csv = Cli.run("query", "--data", run, "--format", "csv", "--master", "local[1]",
                "SELECT episode_id, seed FROM episodes ORDER BY episode_id LIMIT 2");
        assertEquals(0, csv.code(), csv.toString());
        assertEquals("episode_id,seed\n0,3\n1,4\n", csv.out());
        Cli json = Cli.run("query", "--data", run, "--format", "json", "--master", "local[1]",
                "SELECT step, obs FROM steps WHERE episode_id = 0 AND step = 0");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().matches("\\{\"step\":0,\"obs\":\\[-0\\.[0-9]+,0\\.0]}\\n"), json.out());
    }

    @Test void queryTellsWhenRowsAreCut() {
        Cli c = Cli.run("query", "--data", run, "--limit", "3", "--format", "csv", "--master", "local[1]",
                "SELECT step FROM steps");
        assertEquals(0, c.code(), c.toString());
        assertEquals(4, c.out().split("\n").length);
        assertTrue(c.err().contains("raise --limit"), c.err());
    }


    @Test void badSql() {
        Cli.run("query", "--data", run, "--master", "local[1]", "SELEKT * FROM episodes").assertBadInput("SELEKT");
        Cli.run("query", "--data", run, "--master", "local[1]", "SELECT nope FROM episodes").assertBadInput("nope");
    }

    @Test void queryOfMissingData() {
        Cli.run("query", "--data", tmp.resolve("none").toString(), "SELECT 1").assertBadInput("does not exist");
    }

    @Test void unknownEnv() {
        Cli.run("rollout", "--env", "CartPole-v9", "--out", tmp.resolve("x").toString()).assertBadInput("CartPole-v9", "CartPole-v1");
    }

    @Test void nonsenseNumbers() {
        String out = tmp.resolve("y").toString();
        Cli.run("rollout", "--env", "CartPole-v1", "--episodes", "0", "--out", out).assertBadInput("--episodes");
        Cli.run("rollout", "--env", "CartPole-v1", "--partitions", "-2", "--out", out).assertBadInput("--partitions");
        Cli.run("rollout", "--env", "CartPole-v1", "--episodes", "ten", "--out", out).assertBadInput("--episodes", "ten");
        Cli.run("rollout", "--env", "CartPole-v1", "--policy", "genius", "--out", out).assertBadInput("genius");
        assertFalse(Files.exists(tmp.resolve("y")));
    }

    @Test void outputThatExistsOrCannotBeWritten() throws Exception {
        Cli.run("rollout", "--env", "CartPole-v1", "--master", "local[1]", "--out", run).assertBadInput("already exists");
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Cli.run("rollout", "--env", "CartPole-v1", "--master", "local[1]",
                "--out", file.resolve("sub").toString()).assertBadInput("cannot");
    }

    /** Tests run with SPARK_LOCAL_IP=127.0.0.1, as ./sparkrl does: a driver on loopback cannot serve a remote cluster. */
    @Test void aDriverOnLoopbackRefusesARemoteCluster() {
        Cli.run("rollout", "--env", "CartPole-v1", "--master", "spark://192.0.2.1:7077", "--out", tmp.resolve("y").toString())
                .assertBadInput("the driver binds to loopback", "spark.driver.host=ADDRESS");
        Cli.run("rollout", "--env", "CartPole-v1", "--master", "yarn", "--conf", "spark.driver.host=127.0.0.1",
                "--out", tmp.resolve("y").toString()).assertBadInput("the driver binds to loopback (127.0.0.1)");
    }

    @Test void unreachableMaster() {
        Cli.run("rollout", "--env", "CartPole-v1", "--master", "spark://127.0.0.1:1",
                "--out", tmp.resolve("z").toString()).assertBadInput("cannot reach Spark master", "--master local[*]");
        Cli.run("rollout", "--env", "CartPole-v1", "--master", "local[zero]",
                "--out", tmp.resolve("z").toString()).assertBadInput("bad Spark master");
    }

    @Test void replayBenchTooLargeForTheHeap() {
        Cli.run("bench", "--replay", "999999999999").assertBadInput("replay capacity");
        Cli.run("bench", "--replay", "20000000").assertBadInput("GB of heap", "SPARKRL_JAVA_OPTS=-Xmx");
    }

    @Test void unknownVerbAndOption() {
        Cli.run("train-me").assertBadInput("train-me");
        Cli.run("rollout", "--env", "CartPole-v1", "--out", "x", "--frobnicate").assertBadInput("--frobnicate");
    }

    @Test void helpOnEveryVerb() {
        for (String verb : new String[] {"rollout", "query", "conformance", "bench", "info", "render"}) {
            Cli c = Cli.run(verb, "--help");
            assertEquals(0, c.code(), c.toString());
            assertTrue(c.out().contains("Usage: sparkrl " + verb), c.out());
        }
        Cli top = Cli.run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("rollout") && top.out().contains("query"), top.out());
    }
}
