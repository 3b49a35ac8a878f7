package io.poolguard.pool;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The pool's settings: a SQLAlchemy tuning note's defaults (pool_size 10, max_overflow 20, pool_timeout 30 s,
 * pool_recycle 1 h, pre-ping) mapped to Agroal. {@code application.properties} feeds
 * every item into {@code quarkus.datasource.jdbc.*}, so this is the one place an operator sets the pool; each item
 * also reads from its environment variable ({@code poolguard.pool.max-size} from {@code POOLGUARD_POOL_MAX_SIZE}).
 * {@link PoolConfigValidator} refuses to start on an impossible combination.
 */
@ConfigMapping(prefix = "poolguard.pool")
public interface PoolConfig {

    /** Connections kept open even when idle (SQLAlchemy {@code pool_size}). Default 10. */
    @WithDefault("10")
    int minSize();

    /**
     * Connections opened at startup, so the first requests do not wait for a connection to be set up (SQLAlchemy
     * opens its pool lazily). Between min-size and max-size. Default 10.
     */
    @WithDefault("10")
    int initialSize();

    /** Most connections open at once: {@code pool_size + max_overflow} = 10 + 20. Default 30. */
    @WithDefault("30")
    int maxSize();

    /** How long a borrower waits for a connection before failing (SQLAlchemy {@code pool_timeout}). Default 30S. */
    @WithDefault("30S")
    Duration acquisitionTimeout();

    /** Connections older than this are closed and replaced (SQLAlchemy {@code pool_recycle}). Default 1H. */
    @WithDefault("1H")
    Duration maxLifetime();

    /** A connection held longer than this is reported as a leak (Agroal leak detection). Default 2M. */
    @WithDefault("2M")
    Duration leakDetectionInterval();

    /**
     * Agroal's extended leak report: record the stack that borrowed each connection, so a leak in
     * {@code /api/v1/hc/database} shows the code that took it ({@code leaks.holders[].acquiredAt}), not only where its
     * thread is now. Costs a stack trace on every borrow and every JDBC call on a borrowed connection. Default false.
     */
    @WithDefault("false")
    boolean extendedLeakReport();

    /** Connections idle longer than this are closed, down to {@link #minSize()}. Default 5M. */
    @WithDefault("5M")
    Duration idleRemovalInterval();

    /**
     * Name every connection reports to the server ({@code ApplicationName}), so the server-side view can find this
     * service's sessions in {@code pg_stat_activity}. Default {@code poolguard}.
     */
    @WithDefault("poolguard")
    String applicationName();

    /**
     * Pods that share the database, each with a pool like this one: the connection budget counts
     * {@code (max-size + 1 readiness connection) x replicas} against the server's limit. Default 1.
     */
    @WithDefault("1")
    int replicas();

    /** SQLAlchemy {@code pool_pre_ping}: which connections are checked before they are handed out. */
    Validation validation();

    /** PostgreSQL driver timeouts, so no call can hang forever on a dead network. */
    Driver driver();

    interface Validation {
        /**
         * A connection idle longer than this is validated before it is handed out (pre-ping); one used more
         * recently is not, so a busy pool pays no extra round trip per borrow. HikariCP's figure: a connection that
         * sat idle this long may have been killed (a restart, {@code pg_terminate_backend}) without anyone noticing.
         * Default 500MS.
         */
        @WithDefault("500MS")
        Duration foregroundInterval();

        /** Validate every connection on every borrow (strict pre-ping, one extra round trip each). Default false. */
        @WithDefault("false")
        boolean onBorrow();

        /** How often idle connections are validated in the background. Default 2M. */
        @WithDefault("2M")
        Duration backgroundInterval();

        /**
         * Longest a borrower waits because the connection it was about to get is dead: the validation round trip
         * (half of this, or all but a second when that is more) and opening its replacement. Default 2S.
         */
        @WithDefault("2S")
        Duration timeout();
    }

    interface Driver {
        /** TCP connect timeout, in whole seconds (the driver's unit). Default 5. */
        @WithDefault("5")
        int connectTimeoutSeconds();

        /** Whole connection set-up including authentication, in whole seconds. Default 10. */
        @WithDefault("10")
        int loginTimeoutSeconds();

        /**
         * Longest wait for any read on an open connection, in whole seconds; bounds every call even when the
         * server or network stops answering. Default 60.
         */
        @WithDefault("60")
        int socketTimeoutSeconds();
    }
}
