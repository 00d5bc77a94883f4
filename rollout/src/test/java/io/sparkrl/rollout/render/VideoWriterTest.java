package io.sparkrl.rollout.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every format shares: chosen by extension, staged in a temporary file, nothing left behind on failure. */
class VideoWriterTest {
    @TempDir Path dir;

    @Test
    void theExtensionPicksTheFormatInAnyCase() {
        try (VideoWriter gif = VideoWriter.open(dir.resolve("a.gif"), 30, 1);
             VideoWriter mp4 = VideoWriter.open(dir.resolve("b.MP4"), 30, 1)) {
            assertInstanceOf(AnimatedGifWriter.class, gif);
            assertInstanceOf(Mp4Writer.class, mp4);
        }
    }

    @Test
    void otherExtensionsAreRejectedInOneLineNamingTheFormats() throws IOException {
        Path target = dir.resolve("episode.avi");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoWriter.open(target, 30, 1));
        assertEquals("cannot record " + target + ": name a .gif or .mp4 file", e.getMessage());
        assertEquals(List.of(), TestFrames.files(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"failed.gif", "failed.mp4"})
    void aRecordingClosedWithoutCommitLeavesNoFile(String name) throws IOException {
        Path target = dir.resolve(name);
        assertThrows(IllegalStateException.class, () -> {
            try (VideoWriter video = VideoWriter.open(target, 30, 1)) {
                video.write(TestFrames.solid(Color.RED, 32, 32));
                throw new IllegalStateException("policy crashed");
            }
        });
        assertEquals(List.of(), TestFrames.files(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"old.gif", "old.mp4"})
    void aCommitReplacesTheTargetAndLeavesNoTemporaryFile(String name) throws IOException {
        Path target = dir.resolve(name);
        for (int run = 0; run < 2; run++)
            try (VideoWriter video = VideoWriter.open(target, 30, 1)) {
                video.write(TestFrames.solid(Color.RED, 32, 32));
                video.commit();
            }
        assertEquals(List.of(target), TestFrames.files(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty.gif", "empty.mp4"})
    void aVideoWithoutFramesCannotBeCommitted(String name) throws IOException {
        try (VideoWriter video = VideoWriter.open(dir.resolve(name), 30, 1)) {
            assertThrows(IllegalStateException.class, video::commit);
        }
        assertEquals(List.of(), TestFrames.files(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.gif", "x.mp4"})
    void anUnwritableDirectoryFailsInOneLine(String name) {
        Path target = dir.resolve("missing").resolve(name);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoWriter.open(target, 30, 1));
        assertEquals("cannot write " + target + ": directory " + target.getParent() + " does not exist", e.getMessage());
    }
}
