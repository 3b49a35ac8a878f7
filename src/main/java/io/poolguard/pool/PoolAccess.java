package io.poolguard.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.poolguard.metrics.MetricNames;

/**
 * The one way PoolGuard reaches the pool: it borrows through here and reads the pool's state and settings through
 * here, never through Agroal's configuration directly. Agroal counts acquisitions and blocking time but neither
 * failed acquisitions nor a latency distribution; every borrow through here adds both.
 */
@Singleton
public class PoolAccess {

    private final AgroalDataSource dataSource;
    private final DatabaseGate gate;
    private final PoolEvictions evictions;
    private final Timer acquireLatency;
    private final Counter acquisitionTimeouts;

    PoolAccess(AgroalDataSource dataSource, DatabaseGate gate, PoolEvictions evictions, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.gate = gate;
        this.evictions = evictions;
        this.acquireLatency = Timer.builder(MetricNames.POOL_ACQUIRE)
                .description("Time to borrow a connection from the pool, successful borrows only")
                .publishPercentileHistogram()
                .register(registry);
        this.acquisitionTimeouts = Counter.builder(MetricNames.POOL_ACQUISITION_TIMEOUTS)
                .description("Borrows that failed because no connection was free within the acquisition timeout")
                .register(registry);
    }

    /**
     * Borrows a connection; the caller closes it to hand it back. While the database is known down
     * ({@link DatabaseGate}) this fails within the connect timeout instead of queueing in the pool.
     */
    public Connection borrow() throws SQLException {
        long start = System.nanoTime();
        gate.beforeBorrow();
        try {
            Connection connection = dataSource.getConnection();
            acquireLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return connection;
        } catch (SQLException e) {
            DatabaseFailure failure = DatabaseFailure.classify(e);
            if (failure == DatabaseFailure.POOL_EXHAUSTED) {
                acquisitionTimeouts.increment();
            }
            gate.observed(failure, e.getMessage());
            throw e;
        }
    }

    /** The pool right now. Memory only: never blocks, never touches the database. */
    public PoolSnapshot snapshot() {
        AgroalDataSourceMetrics m = dataSource.getMetrics();
        // read live: Agroal lets max-size and min-size change at runtime
        AgroalConnectionPoolConfiguration pool = poolConfiguration();
        return new PoolSnapshot(
                dataSource.getConfiguration().metricsEnabled(),
                m.activeCount(),
                m.availableCount(),
                m.awaitingCount(),
                pool.maxSize(),
                pool.minSize(),
                m.maxUsedCount(),
                m.acquireCount(),
                m.creationCount(),
                m.destroyCount(),
                m.invalidCount(),
                m.leakDetectionCount(),
                m.reapCount(),
                (long) acquisitionTimeouts.count(),
                evictions.summary().total(),
                new PoolSnapshot.Times(m.blockingTimeAverage(), m.blockingTimeMax(), m.blockingTimeTotal()),
                new PoolSnapshot.Times(m.creationTimeAverage(), m.creationTimeMax(), m.creationTimeTotal()),
                AcquireLatency.of(acquireLatency));
    }

    /** Which network idle timeout the pool's idle connections survive with the current settings. */
    public IdleLimit idleLimit() {
        return IdleLimit.of(dataSource);
    }

    /** Evictions so far, by reason, and the latest episode. */
    public PoolEvictions.Summary evictions() {
        return evictions.summary();
    }

    /** The pool's effective settings as Agroal runs them, URL without credentials. */
    public PoolSettings settings() {
        return PoolSettings.of(poolConfiguration());
    }

    /** How the pool opens its connections: for {@link DirectConnector}, which opens its own the same way. */
    AgroalConnectionFactoryConfiguration connectionFactory() {
        return poolConfiguration().connectionFactoryConfiguration();
    }

    private AgroalConnectionPoolConfiguration poolConfiguration() {
        return dataSource.getConfiguration().connectionPoolConfiguration();
    }
}
