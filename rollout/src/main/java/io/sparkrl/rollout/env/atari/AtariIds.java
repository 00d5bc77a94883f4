package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.EnvSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Atari env ids, as ale-py 0.8+ registers them for Gymnasium, for every game ALE 0.7.3 supports:
 *
 * <pre>
 * ALE/&lt;Game&gt;-v5                  frame skip 4,         sticky 0.25
 * &lt;Game&gt;-v4                      frame skip 2-4/step,  sticky 0
 * &lt;Game&gt;NoFrameskip-v4           frame skip 1,         sticky 0
 * &lt;Game&gt;Deterministic-v4         frame skip 4 (SpaceInvaders 3), sticky 0
 * &lt;Game&gt;-v0, ...NoFrameskip-v0, ...Deterministic-v0: as v4 with sticky 0.25
 * </pre>
 *
 * all with the minimal action set and a cap of 108,000 frames (truncated). {@code -ram} ids ({@code ALE/<G>-ram-v5},
 * {@code <G>-ram-v4}, {@code <G>-ramNoFrameskip-v4}, ...) observe the 128 bytes of RAM instead of the RGB screen.
 * The set of games is open (each needs the user's ROM), so {@link EnvRegistry} resolves these ids through
 * {@link #FAMILY} instead of registering them one by one.
 */
public final class AtariIds {
    /** ale-py's {@code max_num_frames_per_episode} for every registered id: 30 minutes at 60 Hz. */
    public static final int MAX_EPISODE_FRAMES = 108_000;
    private static final Pattern V5 = Pattern.compile("ALE/([A-Za-z0-9]+?)(-ram)?-v5");
    private static final Pattern LEGACY = Pattern.compile("([A-Za-z0-9]+?)(-ram)?(NoFrameskip|Deterministic)?-v([04])");
    private static final List<String> SUFFIXES = List.of("-v5", "-v4", "NoFrameskip-v4", "Deterministic-v4", "-v0",
            "NoFrameskip-v0", "Deterministic-v0");

    /** The registry hook: resolves the ids above, suggests them for typos. */
    public static final EnvRegistry.Family FAMILY = new EnvRegistry.Family() {
        @Override public EnvRegistry.Resolved resolve(String id) {
            AtariEnv.Config c = config(id);
            if (c == null) return null;
            EnvSpec spec = new EnvSpec(id, 0, Double.NaN);
            return new EnvRegistry.Resolved(spec, () -> new AtariEnv(spec, c));
        }

        @Override public List<String> knownIds() { return allIds(); }

        @Override public String describe() {
            return "Atari (your ROMs, see `sparkrl roms`): ALE/<Game>-v5, <Game>NoFrameskip-v4, <Game>-v4, "
                    + "<Game>Deterministic-v4, the -v0 kinds and -ram variants";
        }
    };

    private AtariIds() {}

    /** How {@code id} plays, or null when it is not an Atari id of a game ALE 0.7.3 supports. */
    public static AtariEnv.Config config(String id) {
        Matcher v5 = V5.matcher(id);
        if (v5.matches()) {
            String rom = AtariGames.romOf(v5.group(1));
            return rom == null ? null : config(rom, v5.group(2) != null, 4, 4, 0.25f);
        }
        Matcher m = LEGACY.matcher(id);
        if (!m.matches()) return null;
        String rom = AtariGames.romOf(m.group(1));
        if (rom == null) return null;
        float sticky = m.group(4).equals("0") ? 0.25f : 0f;
        boolean ram = m.group(2) != null;
        String kind = m.group(3);
        if (kind == null) return config(rom, ram, 2, 4, sticky);
        if (kind.equals("NoFrameskip")) return config(rom, ram, 1, 1, sticky);
        int skip = rom.equals("space_invaders") ? 3 : 4;
        return config(rom, ram, skip, skip, sticky);
    }

    private static AtariEnv.Config config(String rom, boolean ram, int skipMin, int skipMax, float sticky) {
        return new AtariEnv.Config(rom, ram ? AtariEnv.ObsType.RAM : AtariEnv.ObsType.RGB, skipMin, skipMax, sticky,
                false, MAX_EPISODE_FRAMES);
    }

    /** A new env for an Atari id (no wrappers); throws {@link IllegalArgumentException} for other ids. */
    public static AtariEnv make(String id) {
        AtariEnv.Config c = config(id);
        if (c == null) throw new IllegalArgumentException("'" + id + "' is not an Atari env id (" + FAMILY.describe() + ")");
        return new AtariEnv(new EnvSpec(id, 0, Double.NaN), c);
    }

    /** Every RGB id of every game (the -ram ids are left out of typo suggestions). */
    static List<String> allIds() {
        List<String> ids = new ArrayList<>();
        for (String name : AtariGames.names()) ids.addAll(ids(name, false));
        return ids;
    }

    /** Every id of the game {@code name} (e.g. {@code Tetris}): the RGB ids, then the {@code -ram} ones. */
    public static List<String> ids(String name) {
        List<String> ids = ids(name, false);
        ids.addAll(ids(name, true));
        return ids;
    }

    private static List<String> ids(String name, boolean ram) {
        String game = ram ? name + "-ram" : name;
        List<String> ids = new ArrayList<>();
        for (String suffix : SUFFIXES) ids.add(suffix.equals("-v5") ? "ALE/" + game + suffix : game + suffix);
        return ids;
    }
}
