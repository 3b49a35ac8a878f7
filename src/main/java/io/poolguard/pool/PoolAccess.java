package io.poolguard.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.poolguard.metrics.MetricNames;

/**
 * The one way PoolGuard borrows from the pool. Agroal counts acquisitions and blocking time but neither failed
 * acquisitions nor a latency distribution; every borrow through here adds both.
 */
@Singleton
public class PoolAccess {

    private final AgroalDataSource dataSource;
    private final Timer acquireLatency;
    private final Counter acquisitionTimeouts;

    PoolAccess(AgroalDataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.acquireLatency = Timer.builder(MetricNames.POOL_ACQUIRE)
                .description("Time to borrow a connection from the pool, successful borrows only")
                .publishPercentileHistogram()
                .register(registry);
        this.acquisitionTimeouts = Counter.builder(MetricNames.POOL_ACQUISITION_TIMEOUTS)
                .description("Borrows that failed because no connection was free within the acquisition timeout")
                .register(registry);
    }

    /** Borrows a connection; the caller closes it to hand it back. */
    public Connection borrow() throws SQLException {
        long start = System.nanoTime();
        try {
            Connection connection = dataSource.getConnection();
            acquireLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return connection;
        } catch (SQLException e) {
            if (DatabaseFailure.classify(e) == DatabaseFailure.POOL_EXHAUSTED) {
                acquisitionTimeouts.increment();
            }
            throw e;
        }
    }

    public AgroalDataSource dataSource() {
        return dataSource;
    }

    /** Successful borrow latencies so far (for percentiles in the database view). */
    public Timer acquireLatency() {
        return acquireLatency;
    }

    public long acquisitionTimeouts() {
        return (long) acquisitionTimeouts.count();
    }
}
