package io.sparkrl.training.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.storage.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerThroughputTest {
    @Test
    void printsOneLinePerCaseNamedAsThePeer() {
        var bytes = new ByteArrayOutputStream();
        var results = LearnerThroughput.run(List.of("minatar", "minatar-ppo"), 0.3, 1, new PrintStream(bytes, true));
        assertEquals(List.of("minatar", "minatar-ppo"), List.copyOf(results.keySet()));
        results.values().forEach(r -> assertTrue(r.steps() > 0 && r.stepsPerSecond() > 0, r.toString()));
        String[] lines = bytes.toString().strip().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("RESULT minatar +[0-9.]+ steps/s .*"), lines[0]);
    }

    @Test
    void anUnknownCaseIsBadInput() {
        var e = assertThrows(BadInputException.class, () -> LearnerThroughput.run(List.of("resnet"), 1, 1, System.out));
        assertTrue(e.getMessage().contains("use ppo-mlp, nature, nature-infer8, minatar, minatar-ppo"), e.getMessage());
    }
}
