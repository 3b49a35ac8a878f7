package io.poolguard.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.poolguard.concurrent.DirectExecutor;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.DirectConnector;
import io.poolguard.pool.PoolAccess;

/**
 * Validates the database on one dedicated physical connection of its own, outside the pool.
 * <p>
 * Why not borrow from the pool, as Quarkus' own datasource check does: a saturated pool is a busy pod, not a broken
 * database. Borrowing would either wait in line behind the application (up to the acquisition timeout, far past any
 * probe budget) or take a slot the application needs, and readiness would flap DOWN exactly when the service is
 * under load (quarkus#41515). One extra session per pod answers the only question readiness asks, "can this pod
 * reach a usable database now", with a round trip whose every step is bounded: connect and login by the driver's
 * timeouts, the query by the socket's network timeout. The pool's own state (saturated or not) is reported beside
 * it from Agroal's counters, which cost nothing.
 * <p>
 * The connection comes from {@link DirectConnector}: the pool's URL, credentials and driver properties, with our
 * own short timeouts and {@code ApplicationName} {@code <name>-readiness} so a DBA can tell it from the pool's
 * sessions. A broken connection is replaced at once, and the connection is
 * renewed after the pool's max-lifetime so that authentication keeps being exercised.
 * <p>
 * Not thread-safe: {@link ReadinessProbe} calls it from its single validation thread.
 */
final class DatabaseValidator {

    /** Read-only either way: a standby, or a primary told to refuse writes (what a failover script often does). */
    private static final String QUERY = "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'";

    private final DirectConnector connector;
    private final PoolAccess pool;
    private final String applicationName;
    private final Duration timeout;

    private Connection connection;
    private long openedAtNanos;

    DatabaseValidator(DirectConnector connector, PoolAccess pool, String poolApplicationName, Duration timeout) {
        this.connector = connector;
        this.pool = pool;
        this.applicationName = poolApplicationName + "-readiness";
        this.timeout = timeout;
    }

    /** One validation round trip; never throws. */
    ValidationResult validate() {
        long start = System.nanoTime();
        boolean reused = connection != null;
        try {
            return query(start);
        } catch (SQLException | RuntimeException first) {
            discard();
            DatabaseFailure failure = DatabaseFailure.classify(first);
            long remaining = timeout.toNanos() - (System.nanoTime() - start);
            // An old session can die without the server being gone (restart, terminated backend, a firewall's idle
            // cut): one fresh attempt tells a dead session from a dead database, if the budget allows it.
            if (reused && failure != DatabaseFailure.TIMED_OUT && remaining > timeout.toNanos() / 4) {
                try {
                    return query(start);
                } catch (SQLException | RuntimeException second) {
                    discard();
                    return failed(second, start);
                }
            }
            return failed(first, start);
        }
    }

    /** Closes the dedicated connection (shutdown). */
    void close() {
        discard();
    }

    private ValidationResult query(long start) throws SQLException {
        Connection c = connection();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            return ValidationResult.usable(rs.getBoolean(1), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Connection connection() throws SQLException {
        Duration maxLifetime = pool.settings().maxLifetime();
        if (connection != null && System.nanoTime() - openedAtNanos > maxLifetime.toNanos()) {
            discard();
        }
        if (connection == null) {
            Connection opened = connector.open(applicationName, timeout);
            opened.setAutoCommit(true);
            opened.setNetworkTimeout(DirectExecutor.INSTANCE, (int) timeout.toMillis());
            connection = opened;
            openedAtNanos = System.nanoTime();
        }
        return connection;
    }

    private ValidationResult failed(Exception e, long start) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        DatabaseFailure failure = DatabaseFailure.classify(e);
        // the driver's login timeout reports "connection attempt timed out" as 08001, which reads as unreachable
        if (failure == DatabaseFailure.UNREACHABLE && took.compareTo(timeout) >= 0) {
            failure = DatabaseFailure.TIMED_OUT;
        }
        String message = e.getMessage() == null ? "validation failed (" + failure.label() + ")" : e.getMessage();
        if (failure == DatabaseFailure.TIMED_OUT) {
            message = "no answer from the database within " + timeout.toMillis() + " ms (" + message + ")";
        }
        return ValidationResult.failed(failure, message, took);
    }

    private void discard() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.abort(DirectExecutor.INSTANCE);
            } catch (SQLException | RuntimeException ignored) {
                // already broken; nothing more to release
            }
        }
    }
}
