package io.poolguard.stability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import jakarta.inject.Singleton;

import io.poolguard.concurrent.DirectExecutor;
import io.poolguard.pool.DirectConnector;
import io.poolguard.pool.PoolAccess;

/**
 * What each mode does per operation. The only SQL is the validation query below: a run never takes SQL from the
 * request.
 */
@Singleton
class Operations {

    static final String VALIDATION_QUERY = "SELECT 1";
    /** One round trip; refused by a server in recovery ({@code cannot set transaction read-write mode}). */
    static final String WRITABLE_CHECK = "START TRANSACTION READ WRITE; COMMIT";

    private final PoolAccess pool;
    private final DirectConnector fresh;

    Operations(PoolAccess pool, DirectConnector fresh) {
        this.pool = pool;
        this.fresh = fresh;
    }

    Operation of(StabilityRun run) {
        RunSpec spec = run.spec();
        return switch (spec.mode()) {
            case POOLED -> start -> pooled(start, spec.timeout());
            case FRESH -> {
                // named like the pool's sessions (a fresh run stands in for the application); no login timeout:
                // pgjdbc spends a thread per connection on it, and connect and socket timeouts bound every step
                Properties properties = fresh.properties(fresh.poolApplicationName(), spec.timeout(), false);
                yield start -> fresh(start, properties);
            }
            case HOLD -> start -> hold(start, run, spec.hold());
            case WRITE -> start -> write(start);
        };
    }

    private long pooled(long start, Duration timeout) throws SQLException {
        try (Connection connection = pool.borrow()) {
            if (timeout == null) {
                validate(connection);
            } else {
                int previous = connection.getNetworkTimeout();
                // at least 1 ms: 0 would mean no timeout at all
                int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                connection.setNetworkTimeout(DirectExecutor.INSTANCE, millis);
                validate(connection);
                connection.setNetworkTimeout(DirectExecutor.INSTANCE, previous);
            }
        }
        return System.nanoTime() - start;
    }

    private long write(long start) throws SQLException {
        try (Connection connection = pool.borrow(); Statement statement = connection.createStatement()) {
            try {
                statement.execute(WRITABLE_CHECK);
            } catch (SQLException e) {
                // a refused START leaves the session in an aborted transaction; end it before the connection goes back
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the connection is broken: the pool will not lend it again
                }
                throw e;
            }
        }
        return System.nanoTime() - start;
    }

    private long fresh(long start, Properties properties) throws SQLException {
        try (Connection connection = fresh.open(properties)) {
            validate(connection);
        }
        return System.nanoTime() - start;
    }

    /**
     * Latency is the borrow; the hold is deliberate. Cancel ends the hold at once (the borrow still counts: it
     * happened); the connection always goes back.
     */
    private long hold(long start, StabilityRun run, Duration hold) throws SQLException {
        try (Connection connection = pool.borrow()) {
            long borrowed = System.nanoTime() - start;
            validate(connection);
            try {
                run.awaitCancel(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the cancel's wake-up; the lane ends after this operation
            }
            return borrowed;
        }
    }

    private static void validate(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(VALIDATION_QUERY);
                ResultSet result = statement.executeQuery()) {
            result.next();
        }
    }
}
