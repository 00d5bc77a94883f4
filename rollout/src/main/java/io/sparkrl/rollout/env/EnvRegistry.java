package io.sparkrl.rollout.env;

import io.sparkrl.rollout.env.atari.AtariIds;
import io.sparkrl.rollout.env.classic.ClassicEnv;
import io.sparkrl.rollout.env.classic.ClassicKernel;
import io.sparkrl.rollout.env.classic.ClassicKernels;
import io.sparkrl.rollout.env.minatar.MinAtarEnv;
import io.sparkrl.rollout.env.minatar.MinAtarGames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Gymnasium's registry: env ids to specs and factories. {@link #make} wraps the env in its {@link TimeLimit}
 * (when the spec has one). The classic-control envs and the MinAtar games are registered up front; users add their
 * own with {@link #register}. Open sets of ids (Atari: one per game and kind) resolve through a {@link Family}.
 * Thread-safe.
 */
public final class EnvRegistry {
    private record Entry(EnvSpec spec, Supplier<Env<?>> factory) {}

    /** The spec and factory a {@link Family} gives for one of its ids. */
    public record Resolved(EnvSpec spec, Supplier<Env<?>> factory) {}

    /** Ids resolved on demand, by pattern, instead of registered one by one. */
    public interface Family {
        /** The spec and factory of {@code id}, or null when {@code id} is not one of this family's. */
        Resolved resolve(String id);

        /** Ids to suggest when a user mistypes one. */
        Collection<String> knownIds();

        /** The family's id patterns, for the unknown-id message. */
        String describe();
    }

    private static final Map<String, Entry> ENTRIES = new ConcurrentSkipListMap<>();
    private static final List<Family> FAMILIES = new CopyOnWriteArrayList<>();

    static {
        for (ClassicKernel kernel : ClassicKernels.all()) register(kernel.spec().id(), kernel.spec(), () -> new ClassicEnv(kernel));
        for (Supplier<MinAtarEnv> game : MinAtarGames.factories()) {
            EnvSpec spec = game.get().spec();
            register(spec.id(), spec, game::get);
        }
        registerFamily(AtariIds.FAMILY);
    }

    private EnvRegistry() {}

    /** Registers (or replaces) {@code id}; the factory builds the bare env, {@link #make} adds the time limit. */
    public static void register(String id, EnvSpec spec, Supplier<Env<?>> factory) {
        if (!id.equals(spec.id()))
            throw new IllegalArgumentException("register: id '" + id + "' differs from spec id '" + spec.id() + "'");
        ENTRIES.put(id, new Entry(spec, factory));
    }

    /** Adds a family of ids; registered ids take precedence over families. */
    public static void registerFamily(Family family) { FAMILIES.add(family); }

    /** A new env for {@code id}, wrapped in {@link TimeLimit} when its spec has a step limit. */
    @SuppressWarnings("unchecked")
    public static <O> Env<O> make(String id) {
        Entry entry = entry(id);
        Env<O> env = (Env<O>) entry.factory.get();
        int limit = entry.spec.maxEpisodeSteps();
        return limit > 0 ? new TimeLimit<>(env, limit) : env;
    }

    public static EnvSpec spec(String id) { return entry(id).spec; }

    /** The registered ids, sorted. */
    public static List<String> ids() { return List.copyOf(ENTRIES.keySet()); }

    private static Entry entry(String id) {
        Entry entry = ENTRIES.get(id);
        if (entry != null) return entry;
        for (Family family : FAMILIES) {
            Resolved r = family.resolve(id);
            if (r != null) return new Entry(r.spec(), r.factory());
        }
        List<String> known = new ArrayList<>(ids());
        for (Family family : FAMILIES) known.add(family.describe());
        throw new UnknownEnvException(id, closestId(id), known);
    }

    /** The registered id nearest to {@code id} by edit distance (ignoring case), if near enough to be a typo. */
    static String closestId(String id) {
        String best = null;
        int bestDistance = Math.max(2, id.length() / 3) + 1;
        List<String> candidates = new ArrayList<>(ENTRIES.keySet());
        for (Family family : FAMILIES) candidates.addAll(family.knownIds());
        for (String known : candidates) {
            int d = editDistance(id.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitution, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
