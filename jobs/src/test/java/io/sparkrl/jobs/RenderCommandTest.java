package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    @TempDir Path tmp;

    private static int gifFrames(Path gif) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    @Test void recordsEpisodesIntoAGifAndPrintsEachReturn() throws IOException {
        Path gif = tmp.resolve("mc.gif");
        Cli c = Cli.run("render", "--env", "MountainCar-v0", "--policy", "bot", "--seed", "3", "--episodes", "2",
                "--every", "4", "--record", gif.toString());
        assertEquals(0, c.code(), c.toString());
        List<String> episodeLines = c.out().lines().filter(l -> l.startsWith("episode ")).toList();
        assertEquals(2, episodeLines.size(), c.out());
        assertTrue(episodeLines.get(1).startsWith("episode 1 (seed 4): return -"), c.out());
        assertTrue(c.out().contains("render MountainCar-v0: 2 episodes"), c.out());
        assertTrue(gifFrames(gif) > 10, c.out());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(gif), files.toList(), "only the GIF, no temporary file");
        }
    }

    @Test void recordsEpisodesIntoAnMp4() throws IOException {
        Path mp4 = tmp.resolve("breakout.mp4");
        Cli c = Cli.run("render", "--env", "MinAtar/Breakout-v1", "--seed", "1", "--max-episode-steps", "30", "--record", mp4.toString());
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains(" frames at 20.0 fps -> " + mp4.toAbsolutePath()), c.out());
        byte[] bytes = Files.readAllBytes(mp4);
        assertEquals("ftyp", new String(bytes, 4, 4, StandardCharsets.US_ASCII));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(mp4), files.toList(), "only the MP4, no temporary file");
        }
    }

    @Test void badInputIsOneLineWithExitCode2() {
        String gif = tmp.resolve("x.gif").toString();
        String[][] cases = {
                {"--env", "CartPol-v1", "--record", gif},
                {"--env", "CartPole-v1", "--record", tmp.resolve("x.png").toString()},
                {"--env", "CartPole-v1", "--record", tmp.resolve("x.avi").toString()},
                {"--env", "CartPole-v1", "--record", tmp.resolve("no/such/dir/x.gif").toString()},
                {"--env", "CartPole-v1", "--episodes", "0", "--record", gif},
                {"--env", "CartPole-v1", "--policy", "smart", "--record", gif}};
        String[] expected = {"CartPole-v1", ".gif", ".mp4", "does not exist", "--episodes", "smart"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = Stream.concat(Stream.of("render"), Stream.of(cases[i])).toArray(String[]::new);
            Cli.run(args).assertBadInput(expected[i]);
        }
        assertFalse(Files.exists(Path.of(gif)));
    }
}
