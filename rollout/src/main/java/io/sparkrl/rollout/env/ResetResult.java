package io.sparkrl.rollout.env;

import java.util.Map;

/** What {@code reset(seed)} returns, as in Gymnasium: the first observation and extra info. */
public record ResetResult<O>(O obs, Map<String, Object> info) {
    public ResetResult(O obs) { this(obs, Map.of()); }
}
