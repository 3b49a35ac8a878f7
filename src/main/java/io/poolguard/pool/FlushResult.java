package io.poolguard.pool;

import java.time.Duration;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a flush did by the time it answered. Agroal flushes on its own housekeeping thread; the answer waits until the
 * pool has stopped changing (or {@link PoolControl#FLUSH_WAIT} has passed: then {@code settled} is false and the
 * database view shows the rest as it happens).
 *
 * @param mode the flush mode
 * @param closed connections removed from the pool by the flush so far
 * @param opened connections opened since the flush began (the pool refilling to min-size)
 * @param draining connections that were lent out and will be closed when they come back ({@code graceful})
 * @param settled false when the pool was still changing at the end of the wait
 * @param before the pool just before
 * @param after the pool when the answer was written
 * @param took how long the answer waited
 */
@RegisterForReflection
public record FlushResult(String mode, long closed, long opened, long draining, boolean settled,
        PoolAction.State before, PoolAction.State after, Duration took) {
}
