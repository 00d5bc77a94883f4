package io.sparkrl.rollout.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.GoldenData;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConformanceTest {
    @TempDir Path out;

    @ParameterizedTest
    @EnumSource(Conformance.Mode.class)
    void sharedGoldenFilesPass(Conformance.Mode mode) throws Exception {
        ConformanceReport report = Conformance.run(GoldenData.classicControlDir(), out, mode);
        System.out.println(report.summary());
        assertEquals(5, report.files().size());
        assertTrue(report.passed(), report::summary);
    }
}
