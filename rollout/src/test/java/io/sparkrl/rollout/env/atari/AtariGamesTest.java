package io.sparkrl.rollout.env.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.UnknownEnvException;
import org.junit.jupiter.api.Test;

/** Game names, id patterns and the registry hook (no ROM needed). */
class AtariGamesTest {

    @Test void namesFollowAlePy() {
        assertEquals("SpaceInvaders", AtariGames.nameOf("space_invaders"));
        assertEquals("TicTacToe3D", AtariGames.nameOf("tic_tac_toe_3d"));
        assertEquals("Pitfall2", AtariGames.nameOf("pitfall2"));
        assertEquals("space_invaders", AtariGames.romOf("SpaceInvaders"));
        assertEquals("tetris", AtariGames.romOf("Tetris"));
        assertNull(AtariGames.romOf("Tetrus"));
        assertEquals(AtariGames.roms().size(), AtariGames.names().size());
    }

    @Test void idsCarryGymnasiumSemantics() {
        AtariEnv.Config v5 = AtariIds.config("ALE/Pong-v5");
        assertEquals(new AtariEnv.Config("pong", AtariEnv.ObsType.RGB, 4, 4, 0.25f, false, 108_000), v5);
        assertEquals(new AtariEnv.Config("pong", AtariEnv.ObsType.RGB, 1, 1, 0f, false, 108_000), AtariIds.config("PongNoFrameskip-v4"));
        assertEquals(new AtariEnv.Config("pong", AtariEnv.ObsType.RGB, 2, 4, 0f, false, 108_000), AtariIds.config("Pong-v4"));
        assertEquals(new AtariEnv.Config("pong", AtariEnv.ObsType.RGB, 4, 4, 0f, false, 108_000), AtariIds.config("PongDeterministic-v4"));
        assertEquals(3, AtariIds.config("SpaceInvadersDeterministic-v4").frameskipMin());
        assertEquals(0.25f, AtariIds.config("PongNoFrameskip-v0").repeatActionProbability());
        assertEquals(2, AtariIds.config("Pong-v0").frameskipMin());
        assertEquals(AtariEnv.ObsType.RAM, AtariIds.config("ALE/Pong-ram-v5").obsType());
        assertEquals(AtariEnv.ObsType.RAM, AtariIds.config("Pong-ramNoFrameskip-v4").obsType());
        assertEquals(1, AtariIds.config("Pong-ramNoFrameskip-v4").frameskipMax());
        assertNull(AtariIds.config("ALE/Tetrus-v5"));
        assertNull(AtariIds.config("PongNoFrameskip-v5"));
        assertNull(AtariIds.config("CartPole-v1"));
    }

    @Test void registryResolvesAtariIdsAndSuggestsTypos() {
        assertEquals("ALE/Breakout-v5", EnvRegistry.spec("ALE/Breakout-v5").id()); // spec only: no ROM needed
        UnknownEnvException e = assertThrows(UnknownEnvException.class, () -> EnvRegistry.make("ALE/Tetirs-v5"));
        assertTrue(e.getMessage().contains("did you mean 'ALE/Tetris-v5'"), e.getMessage());
        assertTrue(e.getMessage().contains("ALE/<Game>-v5"), e.getMessage());
        e = assertThrows(UnknownEnvException.class, () -> EnvRegistry.make("CartPool-v1"));
        assertTrue(e.getMessage().contains("did you mean 'CartPole-v1'"), e.getMessage());
    }
}
