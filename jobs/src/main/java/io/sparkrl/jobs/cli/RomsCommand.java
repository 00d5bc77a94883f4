package io.sparkrl.jobs.cli;

import io.sparkrl.rollout.env.atari.AtariGames;
import io.sparkrl.rollout.env.atari.BadAtariInputException;
import io.sparkrl.rollout.env.atari.Roms;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "roms", mixinStandardHelpOptions = true,
        description = {"List the Atari games whose ROMs are in the ROM directory: --rom-dir, else $SPARKRL_ROM_DIR, else ~/.sparkrl/roms.",
                "sparkrl ships no ROMs: copy your own there as <game>.bin with ALE's names (pong.bin, space_invaders.bin).",
                "Each *.bin file is identified by md5, as ALE 0.7.3 does, without loading it."})
final class RomsCommand implements Callable<Integer> {

    @Override public Integer call() {
        Roms.Directory dir = Roms.directory();
        if (!Files.isDirectory(dir.path()))
            throw new BadAtariInputException("ROM directory " + dir + " does not exist or is not a directory: pass --rom-dir DIR "
                    + "with your own ROMs (or set " + Roms.ENV + ", or create ~/.sparkrl/roms)");
        List<Roms.Found> found = Roms.scan(dir.path());
        System.out.println("ROM directory: " + dir);
        if (found.isEmpty()) {
            System.out.println("no *.bin files: copy your own ROMs there as <game>.bin (ALE's names, e.g. pong.bin)");
            return 0;
        }
        System.out.printf("%-18s %-26s %-32s %s%n", "game", "file", "md5", "status");
        int ready = 0;
        for (Roms.Found f : found) {
            String name = f.file().getFileName().toString();
            String status;
            if (f.ok()) {
                status = "ok";
                ready++;
            } else if (f.bytes() == 0) {
                status = "empty file";
            } else if (f.game() == null) {
                status = "md5 unknown: not a ROM ALE 0.7.3 supports";
            } else {
                status = "misnamed: rename it " + f.game() + ".bin";
            }
            System.out.printf("%-18s %-26s %-32s %s%n", f.game() == null ? "-" : AtariGames.nameOf(f.game()), name, f.md5(), status);
        }
        System.out.println(ready + " game" + (ready == 1 ? "" : "s") + " ready: use ids ALE/<Game>-v5, <Game>NoFrameskip-v4, ... (docs/ATARI.md)");
        return 0;
    }
}
