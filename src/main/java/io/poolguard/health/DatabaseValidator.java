package io.poolguard.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.Executor;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.AgroalDefaultSecurityProvider;
import io.agroal.api.security.AgroalSecurityProvider;
import io.poolguard.pool.DatabaseFailure;

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
 * The connection uses the pool's URL, credentials (through Agroal's security providers, so credential providers
 * work too) and driver properties, with our own short timeouts and {@code ApplicationName} {@code <name>-readiness}
 * so a DBA can tell it from the pool's sessions. A broken connection is replaced at once, and the connection is
 * renewed after the pool's max-lifetime so that authentication keeps being exercised.
 * <p>
 * Not thread-safe: {@link ReadinessProbe} calls it from its single validation thread.
 */
final class DatabaseValidator {

    /** Read-only either way: a standby, or a primary told to refuse writes (what a failover script often does). */
    private static final String QUERY = "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'";
    private static final Executor DIRECT = Runnable::run;

    private final AgroalDataSource dataSource;
    private final String applicationName;
    private final Duration timeout;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();

    private Connection connection;
    private long openedAtNanos;

    DatabaseValidator(AgroalDataSource dataSource, String poolApplicationName, Duration timeout) {
        this.dataSource = dataSource;
        this.applicationName = poolApplicationName + "-readiness";
        this.timeout = timeout;
    }

    /** One validation round trip; never throws. */
    Validation validate() {
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

    private Validation query(long start) throws SQLException {
        Connection c = connection();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            return Validation.usable(rs.getBoolean(1), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Connection connection() throws SQLException {
        Duration maxLifetime = dataSource.getConfiguration().connectionPoolConfiguration().maxLifetime();
        if (connection != null && System.nanoTime() - openedAtNanos > maxLifetime.toNanos()) {
            discard();
        }
        if (connection == null) {
            Connection opened = driver.connect(dataSource.getConfiguration().connectionPoolConfiguration()
                    .connectionFactoryConfiguration().jdbcUrl(), connectionProperties());
            if (opened == null) {
                throw new SQLException("the JDBC URL is not a PostgreSQL URL", "08001");
            }
            opened.setAutoCommit(true);
            opened.setNetworkTimeout(DIRECT, (int) timeout.toMillis());
            connection = opened;
            openedAtNanos = System.nanoTime();
        }
        return connection;
    }

    private Properties connectionProperties() {
        AgroalConnectionFactoryConfiguration factory = dataSource.getConfiguration().connectionPoolConfiguration()
                .connectionFactoryConfiguration();
        Properties properties = new Properties();
        properties.putAll(factory.jdbcProperties());
        properties.putAll(securityProperties(factory.securityProviders(), factory.principal()));
        for (Object credential : factory.credentials()) {
            properties.putAll(securityProperties(factory.securityProviders(), credential));
        }
        int wholeSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", Integer.toString(wholeSeconds));
        properties.setProperty("socketTimeout", Integer.toString(wholeSeconds));
        // the driver reads loginTimeout as fractional seconds: the whole connection set-up within the timeout
        properties.setProperty("loginTimeout", Double.toString(timeout.toMillis() / 1000.0));
        return properties;
    }

    private static Properties securityProperties(Collection<AgroalSecurityProvider> providers, Object secret) {
        if (secret == null) {
            return new Properties();
        }
        for (AgroalSecurityProvider provider : providers) {
            Properties properties = provider.getSecurityProperties(secret);
            if (properties != null) {
                return properties;
            }
        }
        Properties properties = new AgroalDefaultSecurityProvider().getSecurityProperties(secret);
        return properties == null ? new Properties() : properties;
    }

    private Validation failed(Exception e, long start) {
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
        return Validation.failed(failure, message, took);
    }

    private void discard() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.abort(DIRECT);
            } catch (SQLException | RuntimeException ignored) {
                // already broken; nothing more to release
            }
        }
    }
}
