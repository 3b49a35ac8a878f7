package io.poolguard.metrics;

/**
 * Names of PoolGuard's own meters, all under one prefix so a dashboard finds them together. Agroal's pool meters
 * ({@code agroal_*}) come from the extension and are not repeated here.
 */
public final class MetricNames {

    public static final String PREFIX = "poolguard.";

    /** Timer: how long borrowing a connection from the pool took (successful borrows). */
    public static final String POOL_ACQUIRE = PREFIX + "pool.acquire";
    /** Counter: borrows that gave up after the acquisition timeout. */
    public static final String POOL_ACQUISITION_TIMEOUTS = PREFIX + "pool.acquisition.timeouts";

    private MetricNames() {
    }
}
