package io.sparkrl.rollout.env.atari;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The games ALE 0.7.3 supports, by ROM id ({@code space_invaders}, the ROM file's stem) and by the name env ids use
 * ({@code SpaceInvaders}). Names follow ale-py: {@code rom.title().replace("_", "")} (so {@code tic_tac_toe_3d} is
 * {@code TicTacToe3D}, {@code pitfall2} is {@code Pitfall2}).
 */
public final class AtariGames {
    /** ROM ids compiled into ALE 0.7.3 (its {@code RomSettings::rom()} strings). */
    private static final List<String> ROMS = List.of(
            "adventure", "air_raid", "alien", "amidar", "assault", "asterix", "asteroids", "atlantis", "atlantis2",
            "backgammon", "bank_heist", "basic_math", "battle_zone", "beam_rider", "berzerk", "blackjack", "bowling",
            "boxing", "breakout", "carnival", "casino", "centipede", "chopper_command", "crazy_climber", "crossbow",
            "darkchambers", "defender", "demon_attack", "donkey_kong", "double_dunk", "earthworld", "elevator_action",
            "enduro", "entombed", "fishing_derby", "flag_capture", "freeway", "frogger", "frostbite", "galaxian",
            "gopher", "gravitar", "hangman", "haunted_house", "hero", "human_cannonball", "ice_hockey", "jamesbond",
            "journey_escape", "kaboom", "kangaroo", "keystone_kapers", "king_kong", "klax", "koolaid", "krull",
            "kung_fu_master", "laser_gates", "lost_luggage", "mario_bros", "miniature_golf", "montezuma_revenge",
            "mr_do", "ms_pacman", "name_this_game", "othello", "phoenix", "pitfall", "pitfall2", "pong", "pooyan",
            "private_eye", "qbert", "riverraid", "road_runner", "robotank", "seaquest", "sir_lancelot", "skiing",
            "solaris", "space_invaders", "space_war", "star_gunner", "superman", "surround", "tennis", "tetris",
            "tic_tac_toe_3d", "time_pilot", "trondead", "turmoil", "tutankham", "up_n_down", "venture",
            "video_checkers", "video_pinball", "videochess", "videocube", "wizard_of_wor", "word_zapper",
            "yars_revenge", "zaxxon");

    private static final Map<String, String> ROM_BY_NAME;

    static {
        Map<String, String> byName = new TreeMap<>();
        for (String rom : ROMS) byName.put(nameOf(rom), rom);
        ROM_BY_NAME = Collections.unmodifiableMap(byName);
    }

    private AtariGames() {}

    /** The supported ROM ids, sorted. */
    public static List<String> roms() { return ROMS; }

    /** The game names env ids use, sorted. */
    public static List<String> names() { return List.copyOf(ROM_BY_NAME.keySet()); }

    public static boolean isRom(String rom) { return ROMS.contains(rom); }

    /** The ROM id of a game name ({@code SpaceInvaders} to {@code space_invaders}), or null if ALE has no such game. */
    public static String romOf(String name) { return ROM_BY_NAME.get(name); }

    /** The game name of a ROM id, as Python's {@code rom.title().replace("_", "")}. */
    public static String nameOf(String rom) {
        StringBuilder sb = new StringBuilder(rom.length());
        boolean previousCased = false;
        for (int i = 0; i < rom.length(); i++) {
            char c = rom.charAt(i);
            if (c == '_') {
                previousCased = false;
                continue;
            }
            boolean cased = Character.isLetter(c);
            sb.append(cased ? (previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
            previousCased = cased;
        }
        return sb.toString();
    }
}
