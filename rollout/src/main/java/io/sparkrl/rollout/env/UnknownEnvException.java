package io.sparkrl.rollout.env;

/** An env id that is not registered; the message names the closest registered id and lists them all. */
public final class UnknownEnvException extends IllegalArgumentException {
    private final String id;

    public UnknownEnvException(String id, String closest, Iterable<String> registered) {
        super("Unknown env id '" + id + "'" + (closest == null ? "" : " (did you mean '" + closest + "'?)")
                + "; registered ids: " + String.join(", ", registered));
        this.id = id;
    }

    public String id() { return id; }
}
