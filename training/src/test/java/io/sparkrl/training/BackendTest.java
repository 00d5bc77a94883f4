package io.sparkrl.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendTest {
    @Test
    void cpuBackendLoadsAndMultiplies() {
        Map<String, String> info = Backend.describe();
        assertTrue(info.get("nd4j_backend").contains("CpuBackend"), info.toString());
        assertEquals("FLOAT", info.get("default_dtype"));
    }
}
