package io.sparkrl.rollout.env.atari;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.EnvRegistry;
import io.sparkrl.rollout.env.EnvSpec;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Atari wrapper stack, each wrapper switchable, with SB3's {@code AtariWrapper} order and defaults (except
 * reward clipping, off by default: sparkrl prefers Pop-Art or reward scaling). Inner to outer:
 * {@link NoopReset} ({@code noop}), {@link MaxAndSkip} ({@code skip}, {@code pool}), {@link EpisodicLife}
 * ({@code life}), {@link FireReset} ({@code fire}, only for games with FIRE), then one frame transform -
 * {@link WarpFrame} ({@code size}, {@code gray}), {@link Downscale} ({@code downscale}, KERL) or {@link Karpathy}
 * ({@code karpathy}, KeRLym) - and {@link FrameStack} ({@code stack}); {@link ClipReward} ({@code clip}) goes just
 * below the frame transform (SB3 puts it above; rewards and frames are independent, so it is the same).
 * {@code obs} picks the screen the env renders: {@code rgb} (pooled in RGB then grayed, as SB3) or {@code gray}
 * (ALE's grayscale, pooled in gray, as Gymnasium's {@code AtariPreprocessing}; faster).
 *
 * <p>Text form: an optional preset then {@code key=value} pairs, comma-separated, e.g. {@code sb3},
 * {@code noop=0,clip=true}, {@code none,stack=4}, {@code karpathy}; or a JSON object with the same keys
 * ({@code {"preset":"kerl","stack":4}}). Presets: {@code sb3} (the default), {@code none} (raw frames),
 * {@code kerl} (KERL's Atari stack with its 0.4 downscale), {@code karpathy} (KeRLym's Pong setup).
 * Bad values and combinations are one-line {@link BadAtariInputException}s.
 */
public record AtariOptions(int noop, int skip, boolean pool, boolean life, boolean fire, int height, int width,
                           boolean gray, double downscale, Karpathy.Mode karpathy, boolean clip, int stack, AtariEnv.ObsType obs) {

    public static final AtariOptions SB3 = new AtariOptions(30, 4, true, true, true, 84, 84, true, 0, null, false, 4, AtariEnv.ObsType.RGB);
    public static final AtariOptions NONE = new AtariOptions(0, 1, false, false, false, 0, 0, false, 0, null, false, 1, AtariEnv.ObsType.RGB);
    public static final AtariOptions KERL = new AtariOptions(0, 4, true, false, true, 0, 0, false, 0.4, null, false, 3, AtariEnv.ObsType.RGB);
    public static final AtariOptions KARPATHY = new AtariOptions(0, 1, false, false, false, 0, 0, false, 0, Karpathy.Mode.DIFF, false, 1, AtariEnv.ObsType.RGB);
    private static final Map<String, AtariOptions> PRESETS = Map.of("sb3", SB3, "none", NONE, "kerl", KERL, "karpathy", KARPATHY);
    private static final Set<String> KEYS = Set.of("preset", "noop", "skip", "pool", "life", "fire", "size", "gray",
            "downscale", "karpathy", "clip", "stack", "obs");

    public AtariOptions {
        if (noop < 0) throw bad("noop=" + noop + ": the no-op maximum must be >= 0 (0 = off)");
        if (skip < 1) throw bad("skip=" + skip + ": the frame skip must be >= 1 (1 = off)");
        if (pool && skip < 2) throw bad("pool=true needs skip >= 2 (it pools the last two frames of a step): set pool=false or skip >= 2");
        if (stack < 1) throw bad("stack=" + stack + ": the frame stack must be >= 1 (1 = no stacking)");
        if ((height == 0) != (width == 0) || height < 0 || width < 0) throw bad("size=" + height + "x" + width + ": use size=N, size=HxW or size=0 (no resize)");
        if (height > AtariEnv.HEIGHT || width > AtariEnv.WIDTH)
            throw bad("size=" + height + "x" + width + " is larger than the " + AtariEnv.HEIGHT + "x" + AtariEnv.WIDTH + " screen: resizing only shrinks");
        if (!(downscale >= 0 && downscale <= 1)) throw bad("downscale=" + downscale + ": the factor must be in (0, 1] (0 = off)");
        if (obs == null || obs == AtariEnv.ObsType.RAM) throw bad("obs must be rgb or gray");
        boolean resize = height > 0;
        if (downscale > 0 && (resize || gray)) throw bad("downscale (KERL) and size/gray (84x84 warp) both transform the frame: drop size=/gray= (or set size=0,gray=false)");
        if (karpathy != null && (resize || gray || downscale > 0))
            throw bad("karpathy replaces the gray/resize frame transform: drop size=/gray=/downscale= (or use preset karpathy)");
        if (karpathy != null && stack > 1) throw bad("karpathy observes one (differenced) frame: set stack=1");
        if ((karpathy != null || downscale > 0) && obs != AtariEnv.ObsType.RGB) throw bad("karpathy and downscale read the RGB screen: set obs=rgb");
        if (!gray && obs == AtariEnv.ObsType.GRAYSCALE && resize) throw bad("gray=false keeps colours, but obs=gray renders grayscale: set obs=rgb");
    }

    private static BadAtariInputException bad(String message) { return new BadAtariInputException("Atari options: " + message); }

    /**
     * The options {@code text} gives for {@code id}: as {@link #parse}, except that on ids whose env already skips
     * frames (v5, v4, Deterministic) a preset's frame skip and pooling are dropped unless {@code skip} or {@code pool}
     * is given, so that a step is the preset's number of frames either way.
     */
    public static AtariOptions forId(String id, String text) {
        Map<String, String> pairs = pairs(text);
        AtariOptions o = of(pairs);
        AtariEnv.Config c = AtariIds.config(id);
        if (c == null || c.frameskipMax() == 1 || o.skip == 1) return o;
        if (pairs.containsKey("skip") || pairs.containsKey("pool")) return o; // asked for: make() refuses a double skip
        return new AtariOptions(o.noop, 1, false, o.life, o.fire, o.height, o.width, o.gray, o.downscale, o.karpathy,
                o.clip, o.stack, o.obs);
    }

    /** Parses the text form (preset and {@code key=value} pairs) or a JSON object; null or blank is {@link #SB3}. */
    public static AtariOptions parse(String text) { return of(pairs(text)); }

    /** The keys and values the text form or JSON object gives (the preset under "preset"); none for null or blank. */
    private static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return pairs;
        String t = text.strip();
        if (t.startsWith("{")) {
            try {
                JsonNode node = new ObjectMapper().readTree(t);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    pairs.put(e.getKey(), e.getValue().asText());
                }
            } catch (JsonProcessingException e) {
                throw bad("not valid JSON (" + e.getOriginalMessage() + "): write {\"key\": value, ...} or key=value,...");
            }
        } else {
            String[] parts = t.split(",");
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].strip();
                int eq = p.indexOf('=');
                if (eq < 0 && i == 0) pairs.put("preset", p);
                else if (eq <= 0) throw bad("'" + p + "' is not key=value (a preset name may only come first)");
                else pairs.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return pairs;
    }

    private static AtariOptions of(Map<String, String> pairs) {
        for (String key : pairs.keySet())
            if (!KEYS.contains(key)) throw bad("unknown key '" + key + "'; keys: " + String.join(", ", new java.util.TreeSet<>(KEYS)));
        String presetName = pairs.getOrDefault("preset", "sb3").toLowerCase(Locale.ROOT);
        AtariOptions p = PRESETS.get(presetName);
        if (p == null) throw bad("unknown preset '" + presetName + "'; presets: sb3, none, kerl, karpathy");
        Set<String> given = new HashSet<>(pairs.keySet());
        int noop = intValue(pairs, "noop", p.noop), skip = intValue(pairs, "skip", p.skip), stack = intValue(pairs, "stack", p.stack);
        boolean pool = boolValue(pairs, "pool", p.pool), life = boolValue(pairs, "life", p.life), fire = boolValue(pairs, "fire", p.fire);
        boolean gray = boolValue(pairs, "gray", p.gray), clip = boolValue(pairs, "clip", p.clip);
        int height = p.height, width = p.width;
        if (given.contains("size")) {
            int[] hw = size(pairs.get("size"));
            height = hw[0];
            width = hw[1];
        }
        double downscale = given.contains("downscale") ? doubleValue(pairs, "downscale") : p.downscale;
        Karpathy.Mode karpathy = given.contains("karpathy") ? karpathyMode(pairs.get("karpathy")) : p.karpathy;
        AtariEnv.ObsType obs = given.contains("obs") ? obsType(pairs.get("obs")) : p.obs;
        // A transform chosen explicitly replaces the preset's warp unless that was asked for too (then: an error).
        if ((downscale > 0 || karpathy != null) && p.downscale == 0 && p.karpathy == null) {
            if (!given.contains("size")) height = width = 0;
            if (!given.contains("gray")) gray = false;
        }
        if (karpathy != null && p.karpathy == null && !given.contains("stack")) stack = 1;
        return new AtariOptions(noop, skip, pool, life, fire, height, width, gray, downscale, karpathy, clip, stack, obs);
    }

    private static int intValue(Map<String, String> pairs, String key, int fallback) {
        String v = pairs.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(key + "=" + v + " is not an integer");
        }
    }

    private static double doubleValue(Map<String, String> pairs, String key) {
        String v = pairs.get(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(key + "=" + v + " is not a number");
        }
    }

    private static boolean boolValue(Map<String, String> pairs, String key, boolean fallback) {
        String v = pairs.get(key);
        if (v == null) return fallback;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw bad(key + "=" + v + " is not true/false");
        };
    }

    private static int[] size(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.equals("none") || s.equals("0")) return new int[] {0, 0};
        try {
            int x = s.indexOf('x');
            if (x < 0) {
                int n = Integer.parseInt(s);
                return new int[] {n, n};
            }
            return new int[] {Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1))};
        } catch (NumberFormatException e) {
            throw bad("size=" + v + ": use size=N (square), size=HxW or size=0 (no resize)");
        }
    }

    private static Karpathy.Mode karpathyMode(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "off", "false", "none" -> null;
            case "frame" -> Karpathy.Mode.FRAME;
            case "diff", "true", "on" -> Karpathy.Mode.DIFF;
            case "diff0" -> Karpathy.Mode.DIFF_ZERO;
            default -> throw bad("karpathy=" + v + ": use off, frame, diff (KeRLym) or diff0 (pg-pong.py)");
        };
    }

    private static AtariEnv.ObsType obsType(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "rgb" -> AtariEnv.ObsType.RGB;
            case "gray", "grayscale" -> AtariEnv.ObsType.GRAYSCALE;
            default -> throw bad("obs=" + v + ": use rgb or gray");
        };
    }

    /** The text form that {@link #parse} reads back to these options (every key, no preset). */
    @Override public String toString() {
        return "noop=" + noop + ",skip=" + skip + ",pool=" + pool + ",life=" + life + ",fire=" + fire
                + ",size=" + (height == 0 ? "0" : height + "x" + width) + ",gray=" + gray + ",downscale=" + downscale
                + ",karpathy=" + (karpathy == null ? "off" : karpathy == Karpathy.Mode.DIFF_ZERO ? "diff0" : karpathy.name().toLowerCase(Locale.ROOT))
                + ",clip=" + clip + ",stack=" + stack + ",obs=" + (obs == AtariEnv.ObsType.RGB ? "rgb" : "gray");
    }

    /** A new env for an Atari id with these wrappers: {@code Env<byte[]>}, or {@code Env<float[]>} with karpathy. */
    public Env<?> make(String id) {
        AtariEnv.Config c = AtariIds.config(id);
        if (c == null) {
            EnvRegistry.spec(id); // an unknown id: the registry's message (with its suggestion)
            throw bad(id + " is not an Atari env id");
        }
        if (c.obsType() == AtariEnv.ObsType.RAM) throw bad(id + " observes RAM: the wrappers need a screen (drop -ram)");
        return wrap(new AtariEnv(new EnvSpec(id, 0, Double.NaN), c.withObsType(obs)));
    }

    /** Wraps an Atari env (its observation type should be {@link #obs}) in the stack these options describe. */
    public Env<?> wrap(AtariEnv base) {
        try {
            return stack(base);
        } catch (RuntimeException e) {
            base.close(); // the caller gets no env to close
            throw e;
        }
    }

    private Env<?> stack(AtariEnv base) {
        AtariEnv.Config c = base.config();
        if (skip > 1 && c.frameskipMax() > 1)
            throw bad("skip=" + skip + " on " + base.spec().id() + ", which already skips " + c.frameskipMin()
                    + (c.frameskipMax() > c.frameskipMin() ? "-" + c.frameskipMax() : "") + " frames per step: use the NoFrameskip-v4 id, or skip=1,pool=false");
        Env<byte[]> env = base;
        if (noop > 0) env = new NoopReset(env, noop);
        // SB3 pools RGB then grays in WarpFrame; MaxAndSkip can do both at once (the same bytes, much cheaper).
        boolean grayAfterPool = skip > 1 && gray && karpathy == null && downscale == 0 && obs == AtariEnv.ObsType.RGB;
        if (skip > 1) env = new MaxAndSkip(env, skip, pool, grayAfterPool);
        if (life) env = new EpisodicLife(env);
        if (fire && FireReset.applies(env)) env = new FireReset(env);
        // SB3 clips outside WarpFrame; rewards and frames are independent, so clipping first is the same.
        if (clip) env = new ClipReward(env);
        if (karpathy != null) return new Karpathy(env, karpathy);
        if (downscale > 0) env = new Downscale(env, downscale);
        else if (height > 0 || gray) env = new WarpFrame(env, height > 0 ? height : AtariEnv.HEIGHT, height > 0 ? width : AtariEnv.WIDTH, gray);
        if (stack > 1) env = new FrameStack(env, stack);
        return env;
    }
}
