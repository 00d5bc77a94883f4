package io.sparkrl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BackendTest {
    @Test
    void cpuBackendLoadsAndMultiplies() {
        Map<String, String> info = Backend.describe();
        assertTrue(info.get("nd4j_backend").contains("CpuBackend"), info.toString());
        assertEquals("FLOAT", info.get("default_dtype"));
    }

    @Test
    void theBuildFollowsTheCpuFlags() {
        assertEquals("-onednn-avx2", Backend.best(Set.of("sse4_2", "avx", "avx2", "fma")));
        assertEquals("", Backend.best(Set.of("sse4_2", "avx")), "no AVX2: the generic build");
        assertEquals("", Backend.best(Set.of()), "unreadable flags: the generic build");
        // The AVX-512 build is only in the avx512 profile: without its jar an AVX-512 CPU gets the AVX2 build.
        assertEquals("-onednn-avx2", Backend.best(Set.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq")));
    }

    @Test
    void thisJvmLoadedTheBuildChosenForItsCpu() {
        Backend.describe();
        assertEquals("linux-x86_64" + Backend.best(Backend.cpuFlags()), Backend.loadedBuild());
    }

    /** A JVM started with SPARKRL_ND4J_BUILD=generic loads the generic build, whatever the CPU. */
    @Test
    void theEnvironmentForcesTheGenericBuild() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-cp", System.getProperty("java.class.path"), Probe.class.getName());
        pb.environment().put(Backend.BUILD_ENV, "generic");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out;
        try (var reader = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            out = reader.lines().collect(Collectors.joining("\n"));
        }
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("BUILD linux-x86_64 (chosen by SPARKRL_ND4J_BUILD=generic)"), out);
    }

    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("BUILD " + Backend.describe().get("nd4j_build"));
        }
    }
}
