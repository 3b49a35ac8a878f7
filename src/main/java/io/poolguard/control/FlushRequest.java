package io.poolguard.control;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/hc/database/pool/flush}, read raw so a wrong value is refused naming the field.
 *
 * @param mode one of Agroal's flush modes: {@code all}, {@code graceful}, {@code idle}, {@code invalid},
 *        {@code leak}, {@code fill} (required)
 */
public record FlushRequest(JsonNode mode) {
}
