package io.poolguard.pool;

import java.time.Duration;
import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One runtime change to the pool, as audited.
 *
 * @param sequence 1 for the first action since startup
 * @param at when it was applied
 * @param action {@code flush} or {@code resize}
 * @param mode the flush mode ({@code graceful}...), null for a resize
 * @param caller who asked: the HTTP caller's address, or PoolGuard's own words for an automatic action
 * @param before the pool just before
 * @param after the pool when the action answered
 * @param outcome what was done, in words
 */
@RegisterForReflection
public record PoolAction(long sequence, Instant at, String action, String mode, String caller, State before,
        State after, String outcome) {

    /**
     * The pool's limits and population at one instant (counts are point-in-time and need not add up exactly).
     *
     * @param active connections lent out
     * @param idle connections in the pool, free to borrow
     */
    @RegisterForReflection
    public record State(int maxSize, int minSize, Duration acquisitionTimeout, long active, long idle) {

        public long total() {
            return active + idle;
        }

        String summary() {
            return "max=" + maxSize + " min=" + minSize + " acquisition-timeout=" + acquisitionTimeout + " active="
                    + active + " idle=" + idle;
        }
    }
}
