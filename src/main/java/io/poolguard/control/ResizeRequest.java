package io.poolguard.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /api/v1/hc/database/pool}: any of the limits Agroal can change at run time, read raw so a
 * wrong value is refused naming the field. Unknown fields are refused by Jackson.
 *
 * @param maxSize most connections open at once, a whole number >= 1
 * @param minSize connections kept open when idle, a whole number >= 0 and <= max-size
 * @param acquisitionTimeout how long a borrower waits: seconds as a number or an ISO-8601 duration
 * @param force true to apply a max-size that breaks the connection budget (or whose budget is unknown)
 */
public record ResizeRequest(JsonNode maxSize, JsonNode minSize, JsonNode acquisitionTimeout, JsonNode force) {
}
