package io.sparkrl.rollout.env.atari;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvSpec;
import io.sparkrl.rollout.env.ResetResult;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.Space;
import io.sparkrl.rollout.env.StepResult;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ale.ALEInterface;
import org.bytedeco.ale.ALEState;
import org.bytedeco.ale.ColourPalette;
import org.bytedeco.javacpp.BytePointer;

/**
 * One Atari 2600 game in ALE 0.7.3 with the semantics of ale-py 0.8+'s {@code AtariEnv}: {@code step} repeats the
 * action for the frame skip (fixed, or drawn per step from {@code [min, max]}), summing rewards; {@code terminated}
 * is ALE's game over; {@code truncated} is set once the episode reaches {@code maxEpisodeFrames} emulated frames
 * (ale-py's {@code max_num_frames_per_episode}; ALE 0.7.3 has no {@code game_truncated}, so sparkrl keeps ALE's own
 * cap off and stops acting at the cap itself). Sticky actions are ALE's, per frame. Info: {@code lives},
 * {@code episode_frame_number}, {@code frame_number}.
 *
 * <p>{@code reset(seed)} reseeds sparkrl's RNG and ALE's {@code random_seed} (always set: ALE's default seeds from
 * the clock) and reloads the ROM, as ale-py does; {@code reset()} only restarts the game. One {@link ALEInterface}
 * per env, created once (the ROM is validated before any native call, see {@link Roms}), never shared between threads.
 *
 * <p>Observations are new {@code byte[]} arrays: RGB {@code [210,160,3]} (interleaved, row-major), grayscale
 * {@code [210,160]} (ALE's luminance) or the 128 bytes of RAM.
 *
 * <p>Serializable with its whole state: the emulator's system state ({@code cloneSystemState}, RNG of sticky actions
 * included) travels as bytes and is restored into a new ALE instance, so Spark tasks and checkpoints continue
 * episodes exactly. The ROM is validated again where the env is read back (resolved from that JVM's ROM directory
 * when the original path is not there).
 */
public final class AtariEnv implements Env<byte[]>, FrameSkippable, Serializable {
    @Serial private static final long serialVersionUID = 1L;
    public static final int HEIGHT = 210, WIDTH = 160, RAM_BYTES = 128;
    /** ALE's action enum, 0-17. */
    static final List<String> ACTION_NAMES = List.of("NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT",
            "DOWNRIGHT", "DOWNLEFT", "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE", "UPLEFTFIRE",
            "DOWNRIGHTFIRE", "DOWNLEFTFIRE");

    public enum ObsType {
        RGB(HEIGHT, WIDTH, 3), GRAYSCALE(HEIGHT, WIDTH), RAM(RAM_BYTES);

        private final int[] shape;

        ObsType(int... shape) { this.shape = shape; }

        public int[] shape() { return shape.clone(); }

        public int size() {
            int n = 1;
            for (int d : shape) n *= d;
            return n;
        }
    }

    /**
     * How an env id plays its game: ROM id, observation type, frame skip range (min = max for a fixed skip),
     * sticky-action probability, full (18) or minimal action set, episode cap in frames (0 = none).
     */
    public record Config(String rom, ObsType obsType, int frameskipMin, int frameskipMax, float repeatActionProbability,
                         boolean fullActionSpace, int maxEpisodeFrames) implements Serializable {
        public Config {
            if (frameskipMin < 1 || frameskipMax < frameskipMin)
                throw new BadAtariInputException("frame skip range [" + frameskipMin + ", " + frameskipMax
                        + "] is invalid: use 1 <= min <= max");
            if (!(repeatActionProbability >= 0 && repeatActionProbability <= 1))
                throw new BadAtariInputException("repeat_action_probability " + repeatActionProbability + " must be in [0, 1]");
            if (maxEpisodeFrames < 0)
                throw new BadAtariInputException("max episode frames must be >= 0 (0 = no cap), got " + maxEpisodeFrames);
        }

        public Config withObsType(ObsType type) {
            return new Config(rom, type, frameskipMin, frameskipMax, repeatActionProbability, fullActionSpace, maxEpisodeFrames);
        }
    }

    private final EnvSpec spec;
    private final Config config;
    private transient Path romFile;
    private final Rng rng = new Rng(0);
    private final Space observationSpace;
    private transient ALEInterface ale;
    private transient int[] actions;
    /** This ALE's palette, {@code 0xRRGGBB} and grayscale byte per screen index (what getScreenRGB/Grayscale apply). */
    private transient int[] paletteRgb;
    private transient byte[] paletteGray;
    private transient byte[] indices;
    private transient Space actionSpace;

    /** The env for {@code config}, its ROM resolved from the ROM directory now in effect ({@link Roms#directory}). */
    public AtariEnv(EnvSpec spec, Config config) { this(spec, config, Roms.resolve(config.rom())); }

    /** The env for {@code config} with the given ROM file (validated first; a bad one is a one-line error). */
    public AtariEnv(EnvSpec spec, Config config, Path romFile) {
        this.spec = spec;
        this.config = config;
        this.romFile = Roms.validate(romFile, config.rom());
        ObsType t = config.obsType();
        this.observationSpace = new Space.Box(filled(t.size(), 0), filled(t.size(), 255), t.shape());
        open();
        load(Rng.entropySeed());
    }

    private void open() {
        paletteRgb = new int[256];
        paletteGray = new byte[256];
        indices = new byte[HEIGHT * WIDTH];
        Ale.load();
        ale = new ALEInterface();
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Seeds sparkrl's RNG and ALE's, then (re)loads the ROM. */
    private void load(long seed) {
        rng.seed(seed);
        loadRom((int) (rng.nextLong() >>> 33)); // non-negative: -1 would mean "from the clock"
    }

    /** Loads the ROM with this env's settings: ALE reads them at load time. */
    private void loadRom(int aleSeed) {
        ale.setInt("random_seed", aleSeed);
        ale.setFloat("repeat_action_probability", config.repeatActionProbability());
        ale.setInt("frame_skip", 1);
        ale.setInt("max_num_frames_per_episode", 0);
        ale.setBool("color_averaging", false);
        ale.loadROM(romFile.toAbsolutePath().toString());
        actions = Ale.ints(config.fullActionSpace() ? ale.getLegalActionSet() : ale.getMinimalActionSet());
        actionSpace = new Space.Discrete(actions.length);
        ColourPalette palette = ale.theOSystem().colourPalette();
        for (int i = 0; i < 256; i++) {
            paletteRgb[i] = palette.getRGB(i);
            paletteGray[i] = palette.getGrayscale(i);
        }
    }

    public Config config() { return config; }

    public Path romFile() { return romFile; }

    /** The env's RNG (frame skips of v4 ids; wrappers such as no-op reset draw from it too, as ale-py's np_random). */
    public Rng rng() { return rng; }

    /** The ALE action of each action index. */
    public int[] aleActions() { return actions.clone(); }

    /** Gymnasium's {@code get_action_meanings()}: the names of the action indices ("NOOP", "FIRE", ...). */
    public List<String> actionMeanings() {
        List<String> names = new ArrayList<>(actions.length);
        for (int a : actions) names.add(ACTION_NAMES.get(a));
        return names;
    }

    public int lives() { return ale().lives(); }

    public int episodeFrameNumber() { return ale().getEpisodeFrameNumber(); }

    public int frameNumber() { return ale().getFrameNumber(); }

    @Override public EnvSpec spec() { return spec; }

    @Override public Space observationSpace() { return observationSpace; }

    @Override public Space actionSpace() { return actionSpace; }

    @Override public ResetResult<byte[]> reset(long seed) {
        load(seed);
        return reset();
    }

    @Override public ResetResult<byte[]> reset() {
        ale().reset_game();
        return new ResetResult<>(observation(), info());
    }

    @Override public StepResult<byte[]> step(int action) {
        StepResult<byte[]> r = stepWithoutObservation(action);
        return new StepResult<>(observation(), r.reward(), r.terminated(), r.truncated(), r.info());
    }

    @Override public StepResult<byte[]> stepWithoutObservation(int action) {
        ALEInterface a = ale();
        if (action < 0 || action >= actions.length)
            throw new IllegalArgumentException(spec.id() + ": action " + action + " is not in " + actionSpace);
        int frames = config.frameskipMin() == config.frameskipMax() ? config.frameskipMin()
                : config.frameskipMin() + rng.nextInt(config.frameskipMax() - config.frameskipMin() + 1);
        int aleAction = actions[action], cap = config.maxEpisodeFrames();
        double reward = 0;
        for (int i = 0; i < frames; i++) {
            if (cap > 0 && a.getEpisodeFrameNumber() >= cap) break;
            reward += a.act(aleAction);
        }
        boolean truncated = cap > 0 && a.getEpisodeFrameNumber() >= cap;
        return new StepResult<>(null, reward, a.game_over(), truncated, info());
    }

    /** The current observation, a new array. */
    public byte[] observation() {
        byte[] obs = new byte[config.obsType().size()];
        observeInto(obs);
        return obs;
    }

    /**
     * Writes the current observation into {@code out}. Screens are read as ALE's palette indices (one byte per
     * pixel, 0.8 us) and expanded here through this ALE's palette: the same bytes as {@code getScreenRGB} /
     * {@code getScreenGrayscale} (tests check it), which take about 45 us a call through JavaCPP.
     */
    @Override public void observeInto(byte[] out) {
        if (out.length != config.obsType().size())
            throw new IllegalArgumentException("observation buffer needs " + config.obsType().size() + " bytes, got " + out.length);
        if (config.obsType() == ObsType.RAM) {
            ramInto(out);
            return;
        }
        screenIndicesInto(indices);
        if (config.obsType() == ObsType.GRAYSCALE) {
            for (int i = 0; i < indices.length; i++) out[i] = paletteGray[indices[i] & 0xFF];
            return;
        }
        for (int i = 0, j = 0; i < indices.length; i++, j += 3) {
            int c = paletteRgb[indices[i] & 0xFF];
            out[j] = (byte) (c >> 16);
            out[j + 1] = (byte) (c >> 8);
            out[j + 2] = (byte) c;
        }
    }

    /** Writes the console's {@value #RAM_BYTES} bytes of RAM into {@code out}: the game's state, which bots read. */
    public void ramInto(byte[] out) {
        if (out.length != RAM_BYTES) throw new IllegalArgumentException("RAM buffer needs " + RAM_BYTES + " bytes, got " + out.length);
        ale().getRAM().array().get(out);
    }

    /** The current screen as ALE's palette indices, {@code 210 x 160} bytes, row-major. */
    @Override public void screenIndicesInto(byte[] out) {
        if (out.length != HEIGHT * WIDTH) // JavaCPP would overrun a short buffer
            throw new IllegalArgumentException("screen buffer needs " + HEIGHT * WIDTH + " bytes, got " + out.length);
        ale().getScreen().getArray().get(out);
    }

    /** The palette of {@link #screenIndicesInto}: {@code 0xRRGGBB} per index. */
    @Override public int[] paletteRgb() { return paletteRgb.clone(); }

    /** ALE's grayscale per palette index. */
    public byte[] paletteGray() { return paletteGray.clone(); }

    /** Whether this env observes the screen as RGB ({@code obs_type rgb}). */
    @Override public ObsType obsType() { return config.obsType(); }

    private Map<String, Object> info() {
        ALEInterface a = ale();
        return Map.of("lives", a.lives(), "episode_frame_number", a.getEpisodeFrameNumber(), "frame_number", a.getFrameNumber());
    }

    /** The ALE instance (package tests compare with its own screen calls). */
    ALEInterface ale() {
        if (ale == null) throw new IllegalStateException(spec.id() + " is closed");
        return ale;
    }

    @Override public void close() {
        if (ale != null) {
            ale.close();
            ale = null;
        }
    }

    @Override public String toString() { return spec.id(); }

    @Serial private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeUTF(romFile.toAbsolutePath().toString());
        BytePointer state = ale().cloneSystemState().serialize();
        byte[] bytes = new byte[Math.toIntExact(state.limit())];
        state.get(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Serial private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Path written = Path.of(in.readUTF());
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        romFile = Roms.validate(Files.isRegularFile(written) ? written : Roms.resolve(config.rom()), config.rom());
        open();
        loadRom(0);
        // A freshly loaded ALE must emulate one frame before a restored state plays on exactly as the original
        // (without it the first steps after the restore differ); the restore overwrites that frame.
        ale.act(0);
        try (BytePointer state = new BytePointer(bytes.length)) {
            state.put(bytes).limit(bytes.length);
            ale.restoreSystemState(new ALEState(state));
        }
    }
}
