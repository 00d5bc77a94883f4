package io.sparkrl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.atari.Roms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparkrl roms} and the global {@code --rom-dir}. */
class RomsCommandTest {
    @TempDir Path tmp;

    @AfterEach void forgetRomDir() { System.clearProperty(Roms.PROPERTY); }

    @Test void listsSupportedUnknownAndMisnamedRoms() throws Exception {
        Files.copy(TestRom.tetris(), tmp.resolve("tetris.bin"));
        Files.copy(TestRom.tetris(), tmp.resolve("pong.bin"));
        Files.write(tmp.resolve("junk.bin"), new byte[] {1, 2, 3});
        Cli c = Cli.run("roms", "--rom-dir", tmp.toString());
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("ROM directory: " + tmp), c.out());
        assertTrue(c.out().matches("(?s).*Tetris +tetris\\.bin +b0e1ee07fbc73493eac5651a52f90f00 +ok.*"), c.out());
        assertTrue(c.out().contains("misnamed: rename it tetris.bin"), c.out());
        assertTrue(c.out().contains("md5 unknown"), c.out());
        assertTrue(c.out().contains("1 game ready"), c.out());
        // The option before the verb works too (it is global).
        assertEquals(0, Cli.run("--rom-dir", tmp.toString(), "roms").code());
    }

    @Test void badRomDirIsOneLineExitTwo() {
        Cli.run("roms", "--rom-dir", tmp.resolve("nope").toString()).assertBadInput("ROM directory", "does not exist", "--rom-dir");
    }
}
