package io.poolguard.pool;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The pool's cumulative counters (named as in {@link PoolSnapshot}), or their increase over a window: since the
 * previous monitor sample, or over a stability run. Agroal counts every borrower, so an increase includes what the
 * application (and PoolGuard's own probes) did meanwhile: it is the pool's view of the window, not of one caller.
 *
 * @param acquisitionTimeouts borrows through {@link PoolAccess} that gave up after the acquisition timeout
 * @param evictions connections PoolGuard took out of the pool ({@link PoolEvictions}, every reason)
 */
@RegisterForReflection
public record PoolCounters(long acquired, long created, long destroyed, long invalid, long leakDetections,
        long reaped, long acquisitionTimeouts, long evictions) {

    /** The increase since {@code earlier}, field by field. Agroal's counters restart on a flush: a drop counts 0. */
    public PoolCounters since(PoolCounters earlier) {
        return new PoolCounters(increase(acquired, earlier.acquired), increase(created, earlier.created),
                increase(destroyed, earlier.destroyed), increase(invalid, earlier.invalid),
                increase(leakDetections, earlier.leakDetections), increase(reaped, earlier.reaped),
                increase(acquisitionTimeouts, earlier.acquisitionTimeouts), increase(evictions, earlier.evictions));
    }

    private static long increase(long now, long before) {
        return Math.max(0, now - before);
    }
}
