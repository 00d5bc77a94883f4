package io.sparkrl.rollout.conformance;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrl.rollout.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes trajectory files. Doubles are written with {@link Double#toString}, which parses back to the
 * same double in Python; float32 observations are written widened to double, so they read back exactly too.
 */
public final class TrajectoryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TrajectoryJson() {}

    public static Trajectories.File read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConformanceException(file, "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new ConformanceException(file, "cannot read: " + e, e);
        }
        if (root == null || !root.isObject()) throw new ConformanceException(file, "not a JSON object");
        Reader r = new Reader(file);
        String envId = r.text(root, "env_id", "");
        int maxSteps = root.path("max_episode_steps").asInt(0);
        JsonNode episodes = r.array(root, "episodes", "");
        List<Trajectories.Episode> list = new ArrayList<>();
        for (int e = 0; e < episodes.size(); e++) list.add(r.episode(episodes.get(e), "episodes[" + e + "]"));
        return new Trajectories.File(envId, maxSteps, list);
    }

    /** Field access that names the file and the JSON path of whatever is missing or mistyped. */
    private record Reader(Path file) {
        Trajectories.Episode episode(JsonNode ep, String where) {
            if (!ep.isObject()) throw fail(where + " is not an object");
            JsonNode seed = field(ep, "seed", where);
            if (!seed.canConvertToLong()) throw fail(where + ".seed is not an integer");
            JsonNode steps = array(ep, "steps", where);
            List<Trajectories.Step> list = new ArrayList<>(steps.size());
            for (int i = 0; i < steps.size(); i++) list.add(step(steps.get(i), where + ".steps[" + i + "]"));
            return new Trajectories.Episode(ep.path("id").asText(null), seed.asLong(), ep.path("policy").asText(null),
                    optionalVector(ep, "initial_state", where), optionalVector(ep, "initial_obs", where),
                    ep.path("end").asText(null),
                    ep.path("rollout_sensitivity").path("rollout_comparable").asBoolean(true), list);
        }

        Trajectories.Step step(JsonNode st, String where) {
            if (!st.isObject()) throw fail(where + " is not an object");
            JsonNode action = field(st, "action", where);
            boolean discrete = action.isIntegralNumber();
            double[] actionValues = discrete ? new double[] {action.asLong()} : vector(action, where + ".action");
            JsonNode reward = field(st, "reward", where);
            if (!reward.isNumber()) throw fail(where + ".reward is not a number");
            return new Trajectories.Step(vector(field(st, "obs", where), where + ".obs"), actionValues, discrete,
                    reward.asDouble(), bool(st, "terminated", where), bool(st, "truncated", where),
                    vector(field(st, "next_obs", where), where + ".next_obs"), optionalVector(st, "state", where),
                    optionalVector(st, "next_state", where));
        }

        JsonNode field(JsonNode node, String name, String where) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) throw fail("missing field " + (where.isEmpty() ? "" : where + ".") + name);
            return v;
        }

        String text(JsonNode node, String name, String where) {
            JsonNode v = field(node, name, where);
            if (!v.isTextual()) throw fail(name + " is not a string");
            return v.asText();
        }

        JsonNode array(JsonNode node, String name, String where) {
            JsonNode v = field(node, name, where);
            if (!v.isArray()) throw fail((where.isEmpty() ? "" : where + ".") + name + " is not a list");
            return v;
        }

        boolean bool(JsonNode node, String name, String where) {
            JsonNode v = field(node, name, where);
            if (!v.isBoolean()) throw fail(where + "." + name + " is not a boolean");
            return v.asBoolean();
        }

        double[] optionalVector(JsonNode node, String name, String where) {
            JsonNode v = node.get(name);
            return v == null || v.isNull() ? null : vector(v, where + "." + name);
        }

        double[] vector(JsonNode v, String where) {
            if (!v.isArray()) throw fail(where + " is not a list of numbers");
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isNumber()) throw fail(where + "[" + i + "] is not a number");
                out[i] = v.get(i).asDouble();
            }
            return out;
        }

        ConformanceException fail(String problem) { return new ConformanceException(file, problem); }
    }

    /** Writes {@code data} to {@code file} atomically: a temp file in the same directory, then a rename. */
    public static void write(Path file, Trajectories.File data) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, out -> {
                try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                    writeFile(g, data);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeFile(JsonGenerator g, Trajectories.File data) throws IOException {
        g.writeStartObject();
        g.writeNumberField("schema_version", 1);
        g.writeStringField("env_id", data.envId());
        if (data.maxEpisodeSteps() > 0) g.writeNumberField("max_episode_steps", data.maxEpisodeSteps());
        g.writeArrayFieldStart("episodes");
        for (Trajectories.Episode ep : data.episodes()) {
            g.writeStartObject();
            if (ep.id() != null) g.writeStringField("id", ep.id());
            g.writeNumberField("seed", ep.seed());
            if (ep.policy() != null) g.writeStringField("policy", ep.policy());
            writeVector(g, "initial_state", ep.initialState());
            writeVector(g, "initial_obs", ep.initialObs());
            g.writeStringField("end", Trajectories.endOf(ep.steps()));
            g.writeNumberField("num_steps", ep.steps().size());
            g.writeArrayFieldStart("steps");
            for (Trajectories.Step st : ep.steps()) writeStep(g, st);
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeStep(JsonGenerator g, Trajectories.Step st) throws IOException {
        g.writeStartObject();
        writeVector(g, "obs", st.obs());
        if (st.discreteAction()) g.writeNumberField("action", (long) st.action()[0]);
        else writeVector(g, "action", st.action());
        g.writeNumberField("reward", st.reward());
        g.writeBooleanField("terminated", st.terminated());
        g.writeBooleanField("truncated", st.truncated());
        writeVector(g, "next_obs", st.nextObs());
        writeVector(g, "state", st.state());
        writeVector(g, "next_state", st.nextState());
        g.writeEndObject();
    }

    private static void writeVector(JsonGenerator g, String name, double[] v) throws IOException {
        if (v == null) return;
        g.writeArrayFieldStart(name);
        for (double x : v) g.writeNumber(x);
        g.writeEndArray();
    }
}
