package io.sparkrl.rollout.env.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.EnvSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ROM safety in-process: each bad ROM must be a one-line {@link BadAtariInputException} naming the problem and the
 * fix, before ALE's native code (which would exit the JVM) sees the file. That this test JVM survives is the proof.
 */
class RomsTest {
    @TempDir Path tmp;

    private static final AtariEnv.Config TETRIS = AtariIds.config("ALE/Tetris-v5");

    private static BadAtariInputException badEnv(Path rom) {
        return assertThrows(BadAtariInputException.class, () -> new AtariEnv(new EnvSpec("ALE/Tetris-v5", 0, Double.NaN), TETRIS, rom));
    }

    private static void assertOneLine(Exception e, String... parts) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }

    @Test void missingFile() {
        assertOneLine(badEnv(tmp.resolve("tetris.bin")), "does not exist", "--rom-dir");
    }

    @Test void emptyFile() throws Exception {
        assertOneLine(badEnv(Files.createFile(tmp.resolve("tetris.bin"))), "is empty");
    }

    @Test void renamedNonRom() throws Exception {
        byte[] junk = new byte[2048];
        new Random(1).nextBytes(junk);
        Path fake = Files.write(tmp.resolve("tetris.bin"), junk);
        assertOneLine(badEnv(fake), "not a ROM ALE 0.7.3 supports", Roms.md5(fake));
    }

    @Test void directoryInsteadOfFile() throws Exception {
        assertOneLine(badEnv(Files.createDirectory(tmp.resolve("tetris.bin"))), "not a readable file");
    }

    @Test void directoryWithoutTheGame() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "no ROMs here");
        BadAtariInputException e = assertThrows(BadAtariInputException.class,
                () -> Roms.resolve(new Roms.Directory(tmp, "test"), "tetris"));
        assertOneLine(e, "no ROM for game 'tetris'", tmp.resolve("tetris.bin").toString(), "SPARKRL_ROM_DIR");
    }

    @Test void missingDirectory() {
        assertOneLine(assertThrows(BadAtariInputException.class,
                () -> Roms.resolve(new Roms.Directory(tmp.resolve("nope"), "test"), "tetris")), "does not exist");
    }

    @Test void romOfAnotherGame() throws Exception {
        Path pong = Files.copy(TestRoms.tetris(), tmp.resolve("pong.bin"));
        BadAtariInputException e = assertThrows(BadAtariInputException.class, () -> Roms.resolve(new Roms.Directory(tmp, "test"), "pong"));
        assertOneLine(e, "is the ROM of 'tetris', not 'pong'", "rename it tetris.bin");
        assertEquals("tetris", Roms.identify(pong));
    }

    @Test void unknownGameName() {
        assertOneLine(assertThrows(BadAtariInputException.class, () -> Roms.resolve(new Roms.Directory(tmp, "test"), "tetrus")),
                "not a game ALE 0.7.3 supports");
    }

    @Test void resolvesFromTheSystemPropertyThroughTheRegistry() {
        Path dir = TestRoms.dir();
        String old = System.getProperty(Roms.PROPERTY);
        System.setProperty(Roms.PROPERTY, dir.toString());
        try {
            assertEquals(dir, Roms.directory().path());
            try (Env<?> env = EnvRegistry.make("ALE/Tetris-v5")) {
                assertEquals("ALE/Tetris-v5", env.spec().id());
            }
            System.setProperty(Roms.PROPERTY, tmp.toString());
            BadAtariInputException e = assertThrows(BadAtariInputException.class, () -> EnvRegistry.make("TetrisNoFrameskip-v4"));
            assertOneLine(e, "no ROM for game 'tetris'", "--rom-dir / -Dsparkrl.rom.dir");
        } finally {
            if (old == null) System.clearProperty(Roms.PROPERTY);
            else System.setProperty(Roms.PROPERTY, old);
        }
    }

    @Test void scanListsKnownAndUnknownFiles() throws Exception {
        Files.copy(TestRoms.tetris(), tmp.resolve("tetris.bin"));
        Files.copy(TestRoms.tetris(), tmp.resolve("pong.bin"));
        Files.write(tmp.resolve("junk.bin"), new byte[] {1, 2, 3});
        Files.createFile(tmp.resolve("empty.bin"));
        List<Roms.Found> found = Roms.scan(tmp);
        assertEquals(List.of("empty.bin", "junk.bin", "pong.bin", "tetris.bin"),
                found.stream().map(f -> f.file().getFileName().toString()).toList());
        assertNull(found.get(0).game());
        assertNull(found.get(1).game());
        assertEquals("tetris", found.get(2).game());
        assertFalse(found.get(2).ok()); // tetris content under pong's name
        assertTrue(found.get(3).ok());
        assertEquals("b0e1ee07fbc73493eac5651a52f90f00", found.get(3).md5());
        assertOneLine(assertThrows(BadAtariInputException.class, () -> Roms.scan(tmp.resolve("nope"))), "does not exist");
    }
}
