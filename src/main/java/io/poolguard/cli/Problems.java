package io.poolguard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The service's problem+json as one line, naming the command's flags where the service names its fields. */
final class Problems {

    private Problems() {
    }

    /** @param flags the flag of the command that set each field of the request */
    static String oneLine(int status, JsonNode problem, Map<String, String> flags) {
        List<String> parts = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            String field = error.path("field").asText("");
            parts.add(flags.getOrDefault(field, field) + " " + withFlags(error.path("detail").asText(""), flags));
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

    /** The service's advice to {@code send "force": true} as the flag that sends it: {@code give --force}. */
    private static String withFlags(String detail, Map<String, String> flags) {
        String text = detail;
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            text = text.replace("send \"" + flag.getKey() + "\": true", "give " + flag.getValue());
        }
        return text;
    }
}
