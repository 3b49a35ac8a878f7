package io.poolguard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The service's problem+json as one line, naming the command's flags where the service names its fields. */
final class Problems {

    /** Fields of a stability-run request and the {@code test} flags that set them. */
    private static final Map<String, String> FLAGS = Map.of(
            "count", "--test-count",
            "interval", "--test-interval",
            "burst", "--burst",
            "mode", "--connection-mode",
            "hold", "--hold",
            "timeout", "--timeout");

    private Problems() {
    }

    static String oneLine(int status, JsonNode problem) {
        List<String> parts = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            String field = error.path("field").asText("");
            parts.add(FLAGS.getOrDefault(field, field) + " " + error.path("detail").asText(""));
        }
        if (parts.isEmpty()) {
            String detail = problem.path("detail").asText("");
            parts.add(detail.isEmpty() ? "the service refused the request (" + status + ")" : detail);
        }
        String running = problem.path("running").isArray() && !problem.path("running").isEmpty()
                ? " (running: " + problem.path("running").get(0).asText() + ")"
                : "";
        return "refused by the service (" + status + "): " + String.join("; ", parts) + running;
    }
}
