package io.poolguard.stability;

import java.time.Duration;

/**
 * A validated request: what a run will do.
 *
 * @param hold null unless {@code mode} is hold
 * @param timeout null when the request set none
 */
public record RunSpec(long count, Duration interval, int burst, Mode mode, Duration hold, Duration timeout) {
}
