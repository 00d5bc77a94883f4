package io.sparkrl.rollout.env.atari;

import org.bytedeco.ale.ALEInterface;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * The one place that touches ALE's native library before an env exists: loading it and quieting its logger.
 * ALE 0.7.3 prints its banner and a few lines per ROM load on stderr; sparkrl sets its logger to errors only
 * (the exported {@code ale::Logger::current_mode}), unless {@code -Dsparkrl.ale.verbose=true}.
 */
final class Ale {
    /** {@code ale::Logger::mode::Error}. */
    private static final int LOGGER_ERROR = 2;
    private static boolean loaded;

    private Ale() {}

    /** Loads the natives once (JavaCPP unpacks them to ~/.javacpp/cache, or -Dorg.bytedeco.javacpp.cachedir). */
    static synchronized void load() {
        if (loaded) return;
        Loader.load(ALEInterface.class);
        if (!Boolean.getBoolean("sparkrl.ale.verbose")) {
            try {
                Pointer mode = Loader.addressof("_ZN3ale6Logger12current_modeE");
                if (mode != null && !mode.isNull()) new IntPointer(mode).put(LOGGER_ERROR);
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                // Only the log level: ALE works the same without it.
            }
        }
        loaded = true;
    }

    /** The ints of a JavaCPP vector ({@code getMinimalActionSet()} and the like). */
    static int[] ints(IntPointer p) {
        int[] out = new int[(int) p.limit()];
        p.get(out);
        return out;
    }
}
