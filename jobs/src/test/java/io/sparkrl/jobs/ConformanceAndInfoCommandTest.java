package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.GoldenData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceAndInfoCommandTest {
    @TempDir Path tmp;

    @Test void conformanceVerbPassesOnTheSharedGoldenFilesInBothModes() {
        for (String mode : new String[] {"resync", "open-loop"}) {
            Path out = tmp.resolve(mode);
            Cli c = Cli.run("conformance", "--golden", GoldenData.classicControlDir().toString(), "--out", out.toString(),
                    "--mode", mode);
            assertEquals(0, c.code(), c.toString());
            assertTrue(c.out().contains("OVERALL (" + mode + "): PASS"), c.out());
            for (String env : new String[] {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"})
                assertTrue(Files.exists(out.resolve(env + ".json")), env);
        }
    }

    @Test void conformanceVerbFailsOnAMismatchWithExitCode1() throws Exception {
        Path golden = tmp.resolve("CartPole-v1.json");
        String text = Files.readString(GoldenData.classicControlDir().resolve("CartPole-v1.json"));
        Files.writeString(golden, text.replaceFirst("\"reward\": 1\\.0", "\"reward\": 2.0"));
        Cli c = Cli.run("conformance", "--golden", golden.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, c.code(), c.toString());
        assertTrue(c.out().contains("FAIL"), c.out());
    }

    @Test void malformedGoldenFileIsBadInput() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"schema_version\": 1, \"env_id\": ");
        Cli.run("conformance", "--golden", bad.toString(), "--out", tmp.resolve("out").toString()).assertBadInput("bad.json");
        Cli.run("conformance", "--golden", tmp.resolve("nope.json").toString(), "--out", tmp.toString()).assertBadInput("nope.json");
        Cli.run("conformance", "--golden", bad.toString(), "--out", tmp.toString(), "--mode", "sideways").assertBadInput("sideways");
    }

    @Test void infoListsEnvsAndTheBackend() {
        Cli c = Cli.run("info");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("nd4j_backend: CpuBackend"), c.out());
        for (String env : new String[] {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1", "Pendulum-v1"})
            assertTrue(c.out().contains(env), env);
    }
}
