package io.poolguard.monitor;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The pool as one sample saw it, from Agroal's metrics. Counts are read one after another, not atomically, so
 * they are point-in-time and need not add up exactly. Totals count since startup; deltas since the previous sample.
 *
 * @param active connections lent out
 * @param idle connections in the pool, free to borrow
 * @param awaiting threads blocked waiting for a connection (approximate)
 * @param max the pool's max-size
 * @param utilisationPercent {@code active / max}, 0..100
 * @param acquisitionTimeouts borrows through PoolAccess that gave up after the acquisition timeout
 * @param invalid connections found broken by validation
 * @param leaks times a connection was held longer than the leak-detection interval
 */
@RegisterForReflection
public record PoolState(
        long active,
        long idle,
        long awaiting,
        int max,
        double utilisationPercent,
        long acquisitionTimeouts,
        long acquisitionTimeoutsDelta,
        long invalid,
        long invalidDelta,
        long leaks,
        long leaksDelta) {
}
