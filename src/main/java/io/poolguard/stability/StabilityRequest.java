package io.poolguard.stability;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/hc/stability-tests} as sent. Fields are read as raw JSON so that
 * {@link RunSpecParser} can name the field and the accepted forms when a value is wrong, instead of Jackson
 * silently coercing {@code 1.5} to {@code 1} or {@code "10"} to {@code 10}. Unknown fields are refused by Jackson.
 *
 * @param count operations in total (required)
 * @param interval pause between bursts: seconds as a number ({@code 0.5}) or an ISO-8601 duration
 *        ({@code "PT0.5S"}); default 0.5 s
 * @param burst operations started together per tick; default 1
 * @param mode {@code pooled} (default), {@code fresh} or {@code hold}
 * @param hold how long each hold-mode operation keeps its connection (required in hold mode, refused otherwise)
 * @param timeout optional bound on each operation; one that takes longer counts as {@code timed_out}
 */
public record StabilityRequest(JsonNode count, JsonNode interval, JsonNode burst, JsonNode mode, JsonNode hold,
        JsonNode timeout) {
}
