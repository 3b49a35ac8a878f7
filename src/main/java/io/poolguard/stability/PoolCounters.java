package io.poolguard.stability;

import io.agroal.api.AgroalDataSourceMetrics;
import io.poolguard.pool.PoolAccess;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The pool's cumulative counters at one moment, or their change over a run. Agroal counts every borrower, so a delta
 * includes what the application (and PoolGuard's own probes) did meanwhile; it is the pool's view of the run's
 * window, not of the run alone.
 *
 * @param acquisitionTimeouts borrows through {@link PoolAccess} that gave up after the acquisition timeout
 */
@RegisterForReflection
public record PoolCounters(long acquired, long created, long destroyed, long invalid, long leakDetections,
        long acquisitionTimeouts) {

    static PoolCounters read(PoolAccess pool) {
        AgroalDataSourceMetrics m = pool.dataSource().getMetrics();
        return new PoolCounters(m.acquireCount(), m.creationCount(), m.destroyCount(), m.invalidCount(),
                m.leakDetectionCount(), pool.acquisitionTimeouts());
    }

    PoolCounters minus(PoolCounters start) {
        return new PoolCounters(acquired - start.acquired, created - start.created, destroyed - start.destroyed,
                invalid - start.invalid, leakDetections - start.leakDetections,
                acquisitionTimeouts - start.acquisitionTimeouts);
    }
}
