package io.sparkrl.rollout.env;

import io.sparkrl.rollout.env.atari.AtariEnv;
import io.sparkrl.rollout.env.atari.AtariIds;
import io.sparkrl.rollout.env.atari.AtariOptions;
import java.io.Serializable;

/**
 * What train, rollout and play build their envs from: an env id and, for Atari ids, the wrapper options
 * ({@link AtariOptions}'s text form; null means its default, SB3's stack). Every env it makes observes floats:
 * uint8 screens, frame stacks and RAM through {@link PixelObservations} (values in [0, 1]). Runs store the recipe
 * in their config, so every executor, a resumed run and {@code play} build the same env.
 */
public record EnvRecipe(String id, String options) implements Serializable {
    public EnvRecipe {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("an env id is needed (--env)");
        if (options != null && options.isBlank()) options = null;
        if (options != null && AtariIds.config(id) == null)
            throw new IllegalArgumentException("--env-options apply to Atari ids (ALE/<Game>-v5, <Game>NoFrameskip-v4, ...), not "
                    + id + ": drop --env-options");
    }

    /** The id's own env, without options. */
    public static EnvRecipe of(String id) { return new EnvRecipe(id, null); }

    /** Whether the id is an Atari screen id (wrapped by {@link AtariOptions}); {@code -ram} ids are not. */
    public boolean atariScreen() {
        AtariEnv.Config c = AtariIds.config(id);
        return c != null && c.obsType() != AtariEnv.ObsType.RAM;
    }

    /**
     * The Atari wrapper options in effect ({@link AtariOptions#forId}: on ids whose env skips frames itself, v5, v4
     * and Deterministic, a preset's skip and pooling are dropped); null for other ids.
     */
    public AtariOptions atariOptions() { return atariScreen() ? AtariOptions.forId(id, options) : null; }

    /**
     * Frames per observation when observations are stacks of 2-D uint8 frames (the newest last, zero-padded at
     * episode starts; 1: single frames), which the replay buffer and the steps table then store once each; 0 when
     * they are not (non-Atari, RAM, Karpathy differences, RGB frames).
     */
    public int frameStack() {
        AtariOptions o = atariOptions();
        if (o == null || o.karpathy() != null) return 0;
        boolean grayFrames = o.gray() || o.downscale() > 0 || o.obs() == AtariEnv.ObsType.GRAYSCALE; // else RGB [h, w, 3]
        return grayFrames ? o.stack() : 0;
    }

    /** Emulator frames per env step: the Atari id's own skip (its mean for v4's 2-4) times the wrappers'; 1 for other envs. */
    public double framesPerStep() {
        AtariEnv.Config c = AtariIds.config(id);
        if (c == null) return 1;
        AtariOptions o = atariOptions();
        return (c.frameskipMin() + c.frameskipMax()) / 2.0 * (o == null ? 1 : o.skip());
    }

    /** A new env observing floats: the registry's env, or the Atari stack of these options. */
    @SuppressWarnings("unchecked")
    public Env<float[]> make() {
        if (AtariIds.config(id) == null) return EnvRegistry.make(id);
        AtariOptions o = atariOptions();
        if (o == null) return new PixelObservations(EnvRegistry.make(id)); // a -ram id: the 128 bytes
        Env<?> env = o.make(id);
        return o.karpathy() != null ? (Env<float[]>) env : new PixelObservations((Env<byte[]>) env);
    }

    @Override public String toString() { return options == null ? id : id + " [" + options + "]"; }
}
