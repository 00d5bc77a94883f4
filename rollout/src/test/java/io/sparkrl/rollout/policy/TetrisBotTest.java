package io.sparkrl.rollout.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRecipe;
import io.sparkrl.rollout.env.atari.Roms;
import io.sparkrl.rollout.env.atari.TestRoms;
import io.sparkrl.rollout.policy.bots.TetrisBot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tetris bot on the test ROM (missing: skipped, but a failure when CI=true), in the default ALE/Tetris-v5 stack. */
class TetrisBotTest {
    private static final String ENV = "ALE/Tetris-v5";
    private String previousRomDir;

    @BeforeEach void romDir() {
        previousRomDir = System.setProperty(Roms.PROPERTY, TestRoms.tetris().getParent().toString());
    }

    @AfterEach void restoreRomDir() {
        if (previousRomDir == null) System.clearProperty(Roms.PROPERTY);
        else System.setProperty(Roms.PROPERTY, previousRomDir);
    }

    /**
     * Measured (2026-11-22): the bot clears 30 lines in 1500 steps (seeds 0, 1 and 2 alike) and is still playing;
     * random actions clear none and lose after about 600 steps (574, 587, 632 for seeds 0-2).
     */
    @Test void theBotClearsLinesAndOutlivesRandom() {
        try (Env<float[]> env = EnvRecipe.of(ENV).make()) {
            Policy bot = Policies.byName(Policies.BOT, env);
            assertEquals(TetrisBot.NAME, bot.name());
            Episodes played = Episodes.run(env, bot, 0, 1500);
            assertTrue(played.totalReward() >= 25 && !played.terminated(), "bot: " + played);
            Policy random = Policies.byName(Policies.RANDOM, env);
            for (int seed = 0; seed < 2; seed++) {
                Episodes randomPlay = Episodes.run(env, random, seed, 1500);
                assertTrue(randomPlay.totalReward() == 0 && randomPlay.terminated() && randomPlay.length() < 1000,
                        "random: " + randomPlay);
            }
        }
    }
}
