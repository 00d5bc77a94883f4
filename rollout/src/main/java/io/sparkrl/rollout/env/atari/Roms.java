package io.sparkrl.rollout.env.atari;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bytedeco.ale.ALEInterface;

/**
 * Where Atari ROMs come from, and the checks that must pass before ALE's native code sees a ROM file.
 *
 * <p>The ROM directory is the system property {@value #PROPERTY} (the CLI's {@code --rom-dir} sets it, and a
 * Spark job can pass it to executors), else the environment variable {@value #ENV}, else {@code ~/.sparkrl/roms}.
 * A game's ROM is {@code <dir>/<rom id>.bin} (ALE's names: {@code pong.bin}, {@code space_invaders.bin}).
 *
 * <p>ALE 0.7.3 ends the process ({@code exit(1)}) on a missing or unreadable ROM and accepts any file by its name
 * alone, so {@link #validate} checks the file (present, a regular readable file, not empty, not too large), asks
 * {@code ALEInterface.isSupportedROM} (which identifies ROMs by md5 without loading them: a file named after a game
 * must have that game's md5, any other name is looked up by md5) and compares the game with the expected one. Every failure is a one-line {@link BadAtariInputException}.
 */
public final class Roms {
    public static final String PROPERTY = "sparkrl.rom.dir";
    public static final String ENV = "SPARKRL_ROM_DIR";
    /** Atari 2600 cartridges are at most a few tens of KB (the largest bank-switched ones 64 KB). */
    private static final long MAX_ROM_BYTES = 1 << 20;
    private static final String FIX = "copy your own ROM there (sparkrl ships none), or point --rom-dir / "
            + ENV + " at a directory that has it";

    /** A ROM directory and where its path came from (for messages). */
    public record Directory(Path path, String source) {
        @Override public String toString() { return path + " (" + source + ")"; }
    }

    /** One file of a ROM directory: its game by md5 (null if ALE does not know the file), md5 and size. */
    public record Found(Path file, String game, String md5, long bytes) {
        /** Whether ALE knows the file's md5 and it is named after its game ({@code <rom id>.bin}): ready to use. */
        public boolean ok() { return game != null && file.getFileName().toString().equals(game + ".bin"); }
    }

    private Roms() {}

    /** The ROM directory now in effect: {@value #PROPERTY}, else {@value #ENV}, else {@code ~/.sparkrl/roms}. */
    public static Directory directory() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) return new Directory(Paths.get(property), "--rom-dir / -D" + PROPERTY);
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return new Directory(Paths.get(env), "$" + ENV);
        return new Directory(Paths.get(System.getProperty("user.home"), ".sparkrl", "roms"), "default ~/.sparkrl/roms");
    }

    /** The validated ROM file of {@code rom} (an ALE ROM id) in the ROM directory now in effect. */
    public static Path resolve(String rom) { return resolve(directory(), rom); }

    public static Path resolve(Directory dir, String rom) {
        if (!AtariGames.isRom(rom))
            throw new BadAtariInputException("'" + rom + "' is not a game ALE 0.7.3 supports: see docs/ATARI.md for the list");
        if (!Files.isDirectory(dir.path()))
            throw new BadAtariInputException("ROM directory " + dir + " does not exist or is not a directory: create it and "
                    + "copy your own " + rom + ".bin there (sparkrl ships none), or pass --rom-dir / set " + ENV);
        Path file = dir.path().resolve(rom + ".bin");
        if (!Files.exists(file))
            throw new BadAtariInputException("no ROM for game '" + rom + "' in " + dir + ": expected " + file + "; " + FIX);
        return validate(file, rom);
    }

    /**
     * Checks that {@code file} is a ROM ALE supports and that it is the ROM of {@code rom}, without loading it.
     * Returns the file; throws {@link BadAtariInputException} otherwise.
     */
    public static Path validate(Path file, String rom) {
        String game = identify(file);
        if (game == null)
            throw new BadAtariInputException("ROM " + file + " is not a ROM ALE 0.7.3 supports (md5 " + md5(file)
                    + " unknown): replace it with a supported dump of " + rom + " (see `sparkrl roms`)");
        if (!game.equals(rom))
            throw new BadAtariInputException("ROM " + file + " is the ROM of '" + game + "', not '" + rom
                    + "' (by md5): rename it " + game + ".bin, and " + FIX.replace("there", "as " + rom + ".bin"));
        return file;
    }

    /**
     * The game ALE recognises {@code file} as by md5, or null when ALE does not know it. Throws
     * {@link BadAtariInputException} when the file is missing, not a regular readable file, empty or too large.
     */
    public static String identify(Path file) {
        if (!Files.exists(file))
            throw new BadAtariInputException("ROM file " + file + " does not exist: " + FIX);
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
            throw new BadAtariInputException("ROM " + file + " is not a readable file: fix its permissions or " + FIX);
        long bytes = size(file);
        if (bytes == 0)
            throw new BadAtariInputException("ROM " + file + " is empty: replace it with a real Atari 2600 ROM dump");
        if (bytes > MAX_ROM_BYTES)
            throw new BadAtariInputException("ROM " + file + " has " + bytes + " bytes, too large for an Atari 2600 ROM: "
                    + "replace it with a real ROM dump");
        String game = supported(file);
        if (game != null || !AtariGames.isRom(stem(file))) return game;
        // ALE matches a file named after a game by that game's md5 only: ask again under a neutral name, so that
        // a misnamed ROM is reported as the game it is.
        Path copy = null;
        try {
            copy = Files.createTempFile("sparkrl-rom-", ".bin");
            Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return supported(copy);
        } catch (IOException e) {
            return null;
        } finally {
            if (copy != null) try { Files.deleteIfExists(copy); } catch (IOException ignored) { /* a temp file */ }
        }
    }

    /** ALE's {@code isSupportedROM}: by file name when it names a game (then the md5 must match), else by md5. */
    private static String supported(Path file) {
        Ale.load();
        try {
            return ALEInterface.isSupportedROM(file.toAbsolutePath().toString()).get().getString();
        } catch (RuntimeException e) {
            // isSupportedROM throws "bad optional access" for files it does not know (and "ROM file doesn't exist").
            return null;
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The ROM files ({@code *.bin}) of a directory, sorted, each identified by md5. */
    public static List<Found> scan(Path dir) {
        if (!Files.isDirectory(dir))
            throw new BadAtariInputException("ROM directory " + dir + " does not exist or is not a directory: "
                    + "pass --rom-dir with a directory of your own ROMs (" + ENV + " and ~/.sparkrl/roms are the defaults)");
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.bin")) {
            for (Path f : stream) if (Files.isRegularFile(f)) files.add(f);
        } catch (IOException e) {
            throw new BadAtariInputException("cannot list ROM directory " + dir + ": " + e.getMessage());
        }
        files.sort(null);
        List<Found> found = new ArrayList<>();
        for (Path f : files) {
            long bytes = size(f);
            String game = bytes == 0 || bytes > MAX_ROM_BYTES || !Files.isReadable(f) ? null : identify(f);
            found.add(new Found(f, game, bytes == 0 || !Files.isReadable(f) ? "-" : md5(f), bytes));
        }
        return found;
    }

    /** The md5 of a file as lowercase hex (what ALE identifies ROMs by). */
    public static String md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new BadAtariInputException("cannot read ROM " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadAtariInputException("cannot read ROM " + file + ": " + e.getMessage());
        }
    }
}
