package io.sparkrl.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkrl.storage.BadInputException;
import io.sparkrl.rollout.env.atari.AtariIds;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reading and writing hyper-parameter records (Jackson, SB3/rl-zoo field names). Per-env defaults live in
 * {@code hyperparams/<algo>.json} on the classpath: a {@code "defaults"} object and one object per env id whose
 * fields override it; a key with {@code *} (e.g. {@code "MinAtar/*"}) is a family pattern applied before the exact id's
 * entry, and the key {@value #ATARI} stands for every Atari id (ALE/..-v5, ..NoFrameskip-v4, ..-v4, ..-v0). Every field must be present and primitives non-null, so a typo never silently falls back.
 */
public final class HyperparamsJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The entry applied to every Atari id, before family patterns. */
    static final String ATARI = "@atari";

    private HyperparamsJson() {}

    /** The defaults of {@code algo} for {@code envId}, overridden by the env's entry if any. */
    public static <T> T forEnv(Class<T> type, String algo, String envId) {
        String resource = "/hyperparams/" + algo + ".json";
        try (InputStream in = HyperparamsJson.class.getResourceAsStream(resource)) {
            if (in == null) throw new BadInputException("unknown algorithm '" + algo + "': use " + Agents.ALGOS);
            JsonNode all = JSON.readTree(in);
            ObjectNode merged = ((ObjectNode) all.get("defaults")).deepCopy();
            if (all.has(ATARI) && AtariIds.config(envId) != null) merged.setAll((ObjectNode) all.get(ATARI));
            all.fields().forEachRemaining(entry -> {
                if (entry.getKey().contains("*") && matches(entry.getKey(), envId)) merged.setAll((ObjectNode) entry.getValue());
            });
            if (all.has(envId)) merged.setAll((ObjectNode) all.get(envId));
            return JSON.treeToValue(merged, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code envId} matches {@code pattern}, in which {@code *} stands for any text. */
    static boolean matches(String pattern, String envId) {
        return envId.matches(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    /** {@code base} with the JSON object {@code overrides} applied on top. */
    public static <T> T with(T base, String overrides, Class<T> type) {
        try {
            ObjectNode merged = JSON.valueToTree(base);
            merged.setAll((ObjectNode) JSON.readTree(overrides));
            return JSON.treeToValue(merged, type);
        } catch (IOException | ClassCastException e) {
            throw new BadInputException("bad hyper-parameter overrides " + overrides + ": " + oneLine(e));
        }
    }

    public static String toJson(Object hyperparams) {
        try {
            return JSON.writeValueAsString(hyperparams);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type) { return fromJson(json, type, "{}"); }

    /**
     * A stored record (a run's config, a checkpoint) that may predate fields added since: {@code addedFields} gives
     * each such field the value that reproduces the older behaviour, and the stored JSON overrides it.
     */
    public static <T> T fromJson(String json, Class<T> type, String addedFields) {
        try {
            ObjectNode merged = (ObjectNode) JSON.readTree(addedFields);
            merged.setAll((ObjectNode) JSON.readTree(json));
            return JSON.treeToValue(merged, type);
        } catch (IOException | ClassCastException e) {
            throw new BadInputException("bad hyper-parameters " + json + ": " + oneLine(e));
        }
    }

    /** Jackson's message without its multi-line source excerpt. */
    private static String oneLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int cut = m.indexOf('\n');
        return cut < 0 ? m : m.substring(0, cut);
    }
}
