package io.poolguard.metrics;

/**
 * Names of PoolGuard's own meters, all under one prefix so a dashboard finds them together. Agroal's pool meters
 * ({@code agroal_*}, tag {@code datasource}) come from the extension and are not repeated here. Prometheus names
 * follow Micrometer's conversion: dots become underscores, counters gain {@code _total}, timers {@code _seconds}.
 * Tags must stay bounded: every tag value below comes from a fixed set. A core class: it imports nothing, every
 * feature registers its own meters under these names.
 */
public final class MetricNames {

    public static final String PREFIX = "poolguard.";

    // pool: what Agroal does not count (registered by PoolAccess and PoolGauges)
    /** Timer: how long borrowing a connection took (successful borrows), with a histogram. */
    public static final String POOL_ACQUIRE = PREFIX + "pool.acquire";
    /** Counter: borrows that gave up after the acquisition timeout. */
    public static final String POOL_ACQUISITION_TIMEOUTS = PREFIX + "pool.acquisition.timeouts";
    /** Counter, tag {@code reason} (an {@code EvictionReason} label): connections PoolGuard took out of the pool. */
    public static final String POOL_EVICTIONS = PREFIX + "pool.evictions";
    /** Gauge: 1 while the database is known unreachable and borrows fail fast instead of queueing. */
    public static final String POOL_DATABASE_DOWN = PREFIX + "pool.database.down";
    /** Gauge: configured max-size. */
    public static final String POOL_MAX_SIZE = PREFIX + "pool.max.size";
    /** Gauge: configured min-size. */
    public static final String POOL_MIN_SIZE = PREFIX + "pool.min.size";
    /** Gauge: active / max-size, 0..1. */
    public static final String POOL_UTILISATION = PREFIX + "pool.utilisation.ratio";

    // health (registered by the health package)
    /** Gauge: 1 when readiness is UP, 0 when DOWN, NaN before the first readiness validation. */
    public static final String READINESS_UP = PREFIX + "readiness.up";
    /** Gauge: 1 when readiness last found the database read-only (standby), 0 writable, NaN unknown. */
    public static final String DATABASE_READ_ONLY = PREFIX + "database.read.only";
    /** Timer: the readiness probe's database validation round trip. */
    public static final String VALIDATION = PREFIX + "validation";

    // server side (registered by ServerGauges), from the last successful server view held in memory (never a query
    // per scrape): the figures stay at their last known values while the database is down, NaN before the first view
    /** Gauge: every client backend on the server. */
    public static final String SERVER_CONNECTIONS = PREFIX + "server.connections";
    /** Gauge, tag {@code state} (active, idle, idle_in_transaction, idle_in_transaction_aborted): our sessions. */
    public static final String SERVER_OUR_SESSIONS = PREFIX + "server.our.sessions";
    /** Gauge: the server's max_connections. */
    public static final String SERVER_MAX_CONNECTIONS = PREFIX + "server.max.connections";
    /** Gauge: superuser_reserved_connections. */
    public static final String SERVER_RESERVED_CONNECTIONS = PREFIX + "server.reserved.connections";
    /** Gauge: age of the oldest open transaction on the server, seconds (0 when none). */
    public static final String SERVER_OLDEST_TRANSACTION = PREFIX + "server.oldest.transaction.seconds";
    /**
     * Gauge: seconds since the last successful server view (how stale the server gauges are); counted from startup
     * while there has been none.
     */
    public static final String SERVER_VIEW_AGE = PREFIX + "server.view.age.seconds";

    // stability runs (registered by the stability package)
    /** Counter, tag {@code outcome} (completed, cancelled, failed). */
    public static final String STABILITY_RUNS = PREFIX + "stability.runs";
    /** Counter, tag {@code result} (success or a DatabaseFailure label). */
    public static final String STABILITY_OPERATIONS = PREFIX + "stability.operations";
    /** Timer: one stability operation, with a histogram. */
    public static final String STABILITY_OPERATION = PREFIX + "stability.operation";

    // monitor and alerts (registered by the monitor and alerts packages)
    /** Counter, tag {@code outcome} (ok, failed, late). */
    public static final String MONITOR_TICKS = PREFIX + "monitor.ticks";
    /** Gauge, tag {@code rule}: 1 while the alert fires. */
    public static final String ALERT_ACTIVE = PREFIX + "alert.active";
    /** Counter, tags {@code rule} and {@code transition} (fired, resolved). */
    public static final String ALERT_TRANSITIONS = PREFIX + "alert.transitions";
    /** Counter, tag {@code outcome} (delivered, failed, dropped): alert webhook notifications. */
    public static final String ALERT_WEBHOOK_NOTIFICATIONS = PREFIX + "alert.webhook.notifications";

    private MetricNames() {
    }
}
