package io.poolguard.pool;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The pool right now, as Agroal counts it, plus what Agroal does not count and {@link PoolAccess} does. PoolGuard's
 * one picture of the pool: the database view, the readiness check, the monitor's samples and stability runs all
 * read it. Counters are read one by one, not atomically: point-in-time figures that need not add up exactly.
 * Totals count since startup (Agroal restarts its own on a pool flush).
 *
 * @param metricsEnabled false when Agroal's metrics are off ({@code quarkus.datasource.metrics.enabled}): then the
 *        counters read 0
 * @param active connections lent out
 * @param idle connections in the pool, free to borrow (Agroal's available count)
 * @param awaiting threads blocked waiting for a connection (approximate)
 * @param maxSize the pool's max-size as Agroal runs it now
 * @param minSize the pool's min-size as Agroal runs it now
 * @param maxUsed most connections lent out at once since startup
 * @param leakDetections times a connection was held longer than the leak-detection interval
 * @param reaped idle connections closed by idle removal
 * @param acquisitionTimeouts borrows through PoolAccess that gave up after the acquisition timeout
 * @param evictions connections PoolGuard took out of the pool, every reason (by reason in the database view)
 * @param acquireLatency successful borrows through PoolAccess since startup
 */
@RegisterForReflection
public record PoolSnapshot(
        boolean metricsEnabled,
        long active,
        long idle,
        long awaiting,
        int maxSize,
        int minSize,
        long maxUsed,
        long acquired,
        long created,
        long destroyed,
        long invalid,
        long leakDetections,
        long reaped,
        long acquisitionTimeouts,
        long evictions,
        Times blockingTime,
        Times creationTime,
        AcquireLatency acquireLatency) {

    /** Average, longest and total of an Agroal timing. */
    @RegisterForReflection
    public record Times(Duration average, Duration max, Duration total) {
    }

    /**
     * Connections lent out as a share of max-size, 0 to 1: at 1 the next borrower waits. Capped at 1 (a resize
     * below the active count leaves more out than the new size for a moment); 0 for a pool of no size.
     */
    @JsonProperty
    public double utilisation() {
        return maxSize <= 0 ? 0 : Math.min(1.0, (double) active / maxSize);
    }

    /** Every connection is lent out or someone is waiting for one: the next borrower waits. */
    @JsonProperty
    public boolean saturated() {
        return active >= maxSize || awaiting > 0;
    }

    /** The cumulative counters of this snapshot, to subtract an earlier one's from. */
    public PoolCounters counters() {
        return new PoolCounters(acquired, created, destroyed, invalid, leakDetections, reaped, acquisitionTimeouts, evictions);
    }
}
