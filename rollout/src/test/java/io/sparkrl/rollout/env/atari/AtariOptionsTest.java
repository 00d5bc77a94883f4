package io.sparkrl.rollout.env.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.UnknownEnvException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The options object: text and JSON forms, presets, and the bad combinations (one-line errors). */
class AtariOptionsTest {

    @Test void defaultsAreSb3ExceptRewardClipping() {
        AtariOptions o = AtariOptions.parse(null);
        assertEquals(AtariOptions.SB3, o);
        assertEquals(30, o.noop());
        assertEquals(4, o.skip());
        assertTrue(o.pool() && o.life() && o.fire() && o.gray());
        assertEquals(84, o.height());
        assertEquals(4, o.stack());
        assertFalse(o.clip());
        assertEquals(AtariOptions.SB3, AtariOptions.parse("sb3"));
        assertEquals(AtariOptions.SB3, AtariOptions.parse(AtariOptions.SB3.toString()));
    }

    @Test void textAndJsonForms() {
        AtariOptions o = AtariOptions.parse("noop=0, clip=true,size=105x80,stack=2");
        assertEquals(0, o.noop());
        assertTrue(o.clip());
        assertEquals(105, o.height());
        assertEquals(80, o.width());
        assertEquals(2, o.stack());
        assertEquals(o, AtariOptions.parse("{\"noop\": 0, \"clip\": true, \"size\": \"105x80\", \"stack\": 2}"));
        assertEquals(AtariOptions.NONE, AtariOptions.parse("{\"preset\": \"none\"}"));
        AtariOptions k = AtariOptions.parse("karpathy");
        assertEquals(Karpathy.Mode.DIFF, k.karpathy());
        assertEquals(k, AtariOptions.parse(k.toString()));
        AtariOptions pg = AtariOptions.parse("none,karpathy=diff0");
        assertEquals(Karpathy.Mode.DIFF_ZERO, pg.karpathy());
        // An explicit transform on the sb3 preset replaces its 84x84 warp and (for karpathy) its stack.
        AtariOptions d = AtariOptions.parse("downscale=0.4");
        assertEquals(0, d.height());
        assertFalse(d.gray());
        assertEquals(4, d.stack());
        assertEquals(1, AtariOptions.parse("karpathy=diff").stack());
        assertEquals(AtariOptions.KERL, AtariOptions.parse(AtariOptions.KERL.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "stack=0|stack=0: the frame stack must be >= 1",
            "skip=0|skip=0: the frame skip must be >= 1",
            "skip=1|pool=true needs skip >= 2",
            "noop=-1|noop=-1",
            "size=300|larger than the 210x160 screen",
            "size=84x200|larger than the 210x160 screen",
            "size=abc|size=abc",
            "karpathy=diff,size=84|karpathy replaces the gray/resize frame transform",
            "karpathy=diff,stack=4|karpathy observes one (differenced) frame",
            "downscale=0.4,size=84|downscale (KERL) and size/gray",
            "downscale=2|the factor must be in (0, 1]",
            "karpathy=diff,obs=gray|set obs=rgb",
            "gray=false,obs=gray|gray=false keeps colours",
            "stak=4|unknown key 'stak'",
            "sb4|unknown preset 'sb4'",
            "noop=x|noop=x is not an integer",
            "clip=maybe|clip=maybe is not true/false",
            "sb3,noop|'noop' is not key=value",
            "{\"noop\": |not valid JSON",
    })
    void badCombinationsAreOneLineErrors(String text, String message) {
        BadAtariInputException e = assertThrows(BadAtariInputException.class, () -> AtariOptions.parse(text));
        assertTrue(e.getMessage().startsWith("Atari options: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test void frameSkipTwiceIsRefused() {
        BadAtariInputException e = assertThrows(BadAtariInputException.class, () -> AtariOptions.SB3.wrap(TestRoms.env("ALE/Tetris-v5")));
        assertTrue(e.getMessage().contains("already skips 4 frames per step: use the NoFrameskip-v4 id"), e.getMessage());
        try (Env<?> env = AtariOptions.parse("skip=1,pool=false").wrap(TestRoms.env("ALE/Tetris-v5"))) {
            assertEquals(AtariWrapper.pixels(4, 84, 84), env.observationSpace());
        }
        assertThrows(UnknownEnvException.class, () -> AtariOptions.SB3.make("ALE/Tetrus-v5"));
        assertThrows(BadAtariInputException.class, () -> AtariOptions.SB3.make("Tetris-ramNoFrameskip-v4"));
    }

    @Test void shapesOfEachPreset() {
        try (Env<?> none = AtariOptions.NONE.wrap(TestRoms.env("TetrisNoFrameskip-v4"));
             Env<?> kerl = AtariOptions.KERL.wrap(TestRoms.env("TetrisNoFrameskip-v4"));
             Env<?> karpathy = AtariOptions.KARPATHY.wrap(TestRoms.env("TetrisNoFrameskip-v4"));
             Env<?> gray = AtariOptions.parse("obs=gray").wrap(TestRoms.env("TetrisNoFrameskip-v4", AtariEnv.ObsType.GRAYSCALE))) {
            assertEquals(AtariWrapper.pixels(210, 160, 3), none.observationSpace());
            assertEquals(AtariWrapper.pixels(3, 84, 64), kerl.observationSpace());
            assertEquals(AtariWrapper.box(-1, 1, 80, 80), karpathy.observationSpace());
            assertEquals(AtariWrapper.pixels(4, 84, 84), gray.observationSpace());
            assertEquals(3 * 84 * 64, ((byte[]) kerl.reset(1).obs()).length);
            assertEquals(6400, ((float[]) karpathy.reset(1).obs()).length);
            assertEquals(new Space.Discrete(5), gray.actionSpace());
        }
    }
}
