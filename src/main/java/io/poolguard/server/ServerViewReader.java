package io.poolguard.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import io.poolguard.concurrent.DirectExecutor;

/**
 * Runs the server-side query on a borrowed connection, bounded so that it never holds a pool slot for long: a
 * statement timeout on the server and a network timeout on the socket, for a server that does not answer at all.
 */
final class ServerViewReader {

    private static final String QUERY = """
            SELECT current_setting('server_version'),
                   current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int,
                   pg_is_in_recovery(),
                   count(*) FILTER (WHERE backend_type = 'client backend'),
                   count(*) FILTER (WHERE application_name = ? AND state = 'active'),
                   count(*) FILTER (WHERE application_name = ? AND state = 'idle'),
                   count(*) FILTER (WHERE application_name = ? AND state = 'idle in transaction'),
                   count(*) FILTER (WHERE application_name = ? AND state = 'idle in transaction (aborted)'),
                   count(*) FILTER (WHERE application_name = ?),
                   extract(epoch FROM now() - min(xact_start) FILTER (
                       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()))
              FROM pg_stat_activity
            """;

    private ServerViewReader() {
    }

    static ServerView read(Connection connection, String applicationName, Duration statementTimeout)
            throws SQLException {
        long start = System.nanoTime();
        int previousNetworkTimeout = connection.getNetworkTimeout();
        boolean autoCommit = connection.getAutoCommit();
        connection.setNetworkTimeout(DirectExecutor.INSTANCE, (int) statementTimeout.multipliedBy(2).toMillis());
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            }
            ServerView view;
            try (PreparedStatement s = connection.prepareStatement(QUERY)) {
                for (int i = 1; i <= 5; i++) {
                    s.setString(i, applicationName);
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    double oldest = rs.getDouble(11);
                    Duration oldestAge = rs.wasNull() ? null : Duration.ofMillis((long) (oldest * 1000));
                    view = new ServerView(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(5),
                            new ServerView.OurSessions(rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9),
                                    rs.getInt(10)),
                            oldestAge, rs.getBoolean(4), Instant.now(), Duration.ofNanos(System.nanoTime() - start));
                }
            }
            connection.commit();
            return view;
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            if (!connection.isClosed()) {
                connection.setAutoCommit(autoCommit);
                connection.setNetworkTimeout(DirectExecutor.INSTANCE, previousNetworkTimeout);
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the original failure is what matters; Agroal discards a broken connection
        }
    }
}
