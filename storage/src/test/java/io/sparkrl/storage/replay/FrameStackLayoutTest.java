package io.sparkrl.storage.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrl.storage.BadInputException;
import org.junit.jupiter.api.Test;

/** Frames stored as bytes come back as exactly the floats the env observed, on either scale. */
class FrameStackLayoutTest {
    @Test void everyByteRoundTripsExactlyOnBothScales() {
        for (float maxValue : new float[] {255f, 1f}) {
            FrameStackLayout layout = new FrameStackLayout(2, 16, 16, maxValue);
            float[] obs = new float[2 * 256];
            // The newest frame holds every byte value as the env observes it: b for 0..255, b / 255f for [0, 1].
            for (int b = 0; b < 256; b++) obs[256 + b] = maxValue == 255f ? b : b / 255f;
            byte[] stored = new byte[layout.storedBytes()];
            layout.store(obs, 0, stored, 0);
            float[] loaded = new float[256];
            layout.load(stored, 0, loaded, 0);
            for (int b = 0; b < 256; b++) {
                assertEquals(b, stored[b] & 0xFF, "stored byte");
                assertEquals(Float.floatToIntBits(obs[256 + b]), Float.floatToIntBits(loaded[b]), "value of byte " + b + " at max " + maxValue);
            }
        }
    }

    @Test void aNonPositiveMaxValueIsRefused() {
        assertThrows(BadInputException.class, () -> new FrameStackLayout(4, 84, 84, 0f));
    }
}
