package io.poolguard.health;

import java.time.Duration;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.poolguard.pool.PoolAccess;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The pool as Agroal counts it right now, plus what Agroal does not count and {@link PoolAccess} does. Counters are
 * read one by one, not atomically: point-in-time figures that need not add up exactly.
 *
 * @param metricsEnabled false when Agroal's metrics are off ({@code quarkus.datasource.metrics.enabled}): then the
 *        counters read 0
 * @param utilisation active / max-size, 0..1: checked out / (pool_size + overflow)
 * @param saturated every connection is checked out or someone is waiting for one
 * @param acquisitionTimeouts borrows through PoolGuard that gave up after the acquisition timeout
 */
@RegisterForReflection
public record PoolState(
        boolean metricsEnabled,
        long active,
        long available,
        long awaiting,
        long maxUsed,
        long acquired,
        long created,
        long destroyed,
        long invalid,
        long leakDetections,
        long reaped,
        Times blockingTime,
        Times creationTime,
        double utilisation,
        boolean saturated,
        long acquisitionTimeouts,
        AcquireLatency acquireLatency) {

    /** Average, longest and total of an Agroal timing. */
    @RegisterForReflection
    public record Times(Duration average, Duration max, Duration total) {
    }

    public static PoolState of(AgroalDataSource dataSource, PoolAccess pool) {
        AgroalDataSourceMetrics m = dataSource.getMetrics();
        int maxSize = dataSource.getConfiguration().connectionPoolConfiguration().maxSize();
        long active = m.activeCount();
        long awaiting = m.awaitingCount();
        return new PoolState(
                dataSource.getConfiguration().metricsEnabled(),
                active,
                m.availableCount(),
                awaiting,
                m.maxUsedCount(),
                m.acquireCount(),
                m.creationCount(),
                m.destroyCount(),
                m.invalidCount(),
                m.leakDetectionCount(),
                m.reapCount(),
                new Times(m.blockingTimeAverage(), m.blockingTimeMax(), m.blockingTimeTotal()),
                new Times(m.creationTimeAverage(), m.creationTimeMax(), m.creationTimeTotal()),
                maxSize == 0 ? 0 : Math.min(1.0, (double) active / maxSize),
                isSaturated(active, awaiting, maxSize),
                pool.acquisitionTimeouts(),
                AcquireLatency.of(pool.acquireLatency()));
    }

    static boolean isSaturated(long active, long awaiting, int maxSize) {
        return active >= maxSize || awaiting > 0;
    }
}
