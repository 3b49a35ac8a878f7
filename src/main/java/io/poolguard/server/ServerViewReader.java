package io.poolguard.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.poolguard.concurrent.DirectExecutor;

/**
 * Runs the server-side query on a borrowed connection, bounded so that it never holds a pool slot for long: a
 * statement timeout on the server and a network timeout on the socket, for a server that does not answer at all.
 * <p>
 * One statement, one pass over {@code pg_stat_activity}: the grouping set {@code ()} gives the server's totals and
 * our own sessions, the set {@code (application_name, usename, client_addr)} one row per client, most sessions first,
 * at most {@code max-clients} of them. Client backends are those of type {@code client backend}, and, for a role
 * without {@code pg_monitor}, the sessions of other roles whose type it may not see (they still show a database and
 * a role; background workers show neither).
 */
final class ServerViewReader {

    private static final String QUERY = """
            WITH s AS (
                SELECT application_name, usename, client_addr, state, wait_event_type, xact_start, state_change,
                       backend_start, query_start, query, pid, backend_type IS NULL AS hidden
                  FROM pg_stat_activity
                 WHERE backend_type = 'client backend'
                    OR (backend_type IS NULL AND datid IS NOT NULL AND usesysid IS NOT NULL)
            )
            SELECT grouping(application_name, usename, client_addr),
                   application_name, usename, host(client_addr),
                   count(*),
                   count(*) FILTER (WHERE state = 'active'),
                   count(*) FILTER (WHERE state = 'idle'),
                   count(*) FILTER (WHERE state = 'idle in transaction'),
                   count(*) FILTER (WHERE state = 'idle in transaction (aborted)'),
                   count(*) FILTER (WHERE hidden),
                   count(*) FILTER (WHERE wait_event_type = 'Lock'),
                   extract(epoch FROM now() - min(xact_start) FILTER (WHERE pid <> pg_backend_pid())),
                   extract(epoch FROM now() - min(state_change) FILTER (WHERE state LIKE 'idle in transaction%')),
                   extract(epoch FROM now() - max(backend_start)),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - backend_start)),
                   extract(epoch FROM now() - min(backend_start)),
                   count(*) FILTER (WHERE backend_start > ?),
                   CASE WHEN ? THEN (array_agg(left(query, 200) ORDER BY state_change)
                       FILTER (WHERE state LIKE 'idle in transaction%'))[1] END,
                   CASE WHEN ? THEN (array_agg(left(query, 200) ORDER BY query_start)
                       FILTER (WHERE state = 'active' AND pid <> pg_backend_pid()))[1] END,
                   count(*) FILTER (WHERE application_name = ? AND state = 'active'),
                   count(*) FILTER (WHERE application_name = ? AND state = 'idle'),
                   count(*) FILTER (WHERE application_name = ? AND state = 'idle in transaction'),
                   count(*) FILTER (WHERE application_name = ? AND state = 'idle in transaction (aborted)'),
                   count(*) FILTER (WHERE application_name = ?),
                   current_setting('server_version'),
                   current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int,
                   pg_is_in_recovery(),
                   pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'),
                   now(),
                   count(*) OVER () - 1
              FROM s
             GROUP BY GROUPING SETS ((), (application_name, usename, client_addr))
             ORDER BY 1 DESC, 5 DESC, 2, 3, 4
             LIMIT ?
            """;
    private static final int TOTALS = 7;
    private static final String REDACTED = "(not shown: mentions a password)";

    /** What one query read: the figures, and every client. */
    record Reading(ServerView view, ServerClients clients) {
    }

    private ServerViewReader() {
    }

    /**
     * @param previous the previous reading's clients (connections opened since then are counted); null on the first
     * @param showQueries whether query text is read at all
     */
    static Reading read(Connection connection, String applicationName, Duration statementTimeout,
            ServerClients previous, boolean showQueries, int maxClients) throws SQLException {
        long start = System.nanoTime();
        int previousNetworkTimeout = connection.getNetworkTimeout();
        boolean autoCommit = connection.getAutoCommit();
        connection.setNetworkTimeout(DirectExecutor.INSTANCE, (int) statementTimeout.multipliedBy(2).toMillis());
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            }
            Reading reading;
            try (PreparedStatement s = connection.prepareStatement(QUERY)) {
                s.setObject(1, previous == null ? null : previous.serverTime().atOffset(ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                s.setBoolean(2, showQueries);
                s.setBoolean(3, showQueries);
                for (int i = 4; i <= 8; i++) {
                    s.setString(i, applicationName);
                }
                s.setInt(9, maxClients + 1);
                try (ResultSet rs = s.executeQuery()) {
                    reading = reading(rs, previous, start);
                }
            }
            connection.commit();
            return reading;
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

    private static Reading reading(ResultSet rs, ServerClients previous, long start) throws SQLException {
        if (!rs.next() || rs.getInt(1) != TOTALS) {
            throw new SQLException("the server-view query returned no totals row");
        }
        int total = rs.getInt(5);
        int hidden = rs.getInt(10);
        Duration oldestTransaction = seconds(rs, 12);
        ServerView.OurSessions ours = new ServerView.OurSessions(rs.getInt(20), rs.getInt(21), rs.getInt(22),
                rs.getInt(23), rs.getInt(24));
        String version = rs.getString(25);
        int maxConnections = rs.getInt(26);
        int reserved = rs.getInt(27);
        boolean inRecovery = rs.getBoolean(28);
        boolean complete = rs.getBoolean(29);
        Instant serverTime = rs.getObject(30, OffsetDateTime.class).toInstant();
        int clientCount = rs.getInt(31);
        Duration sinceLast = previous == null ? null : Duration.between(previous.serverTime(), serverTime);
        List<ClientSessions> listed = new ArrayList<>();
        int listedSessions = 0;
        while (rs.next()) {
            ClientSessions client = client(rs, sinceLast);
            listed.add(client);
            listedSessions += client.sessions();
        }
        ServerClients clients = new ServerClients(serverTime, sinceLast, complete, hidden, clientCount,
                List.copyOf(listed), total - listedSessions);
        ServerView view = new ServerView(version, maxConnections, reserved, total, ours, oldestTransaction,
                inRecovery, Instant.now(), Duration.ofNanos(System.nanoTime() - start), clients.summary());
        return new Reading(view, clients);
    }

    private static ClientSessions client(ResultSet rs, Duration sinceLast) throws SQLException {
        int sessions = rs.getInt(5);
        int active = rs.getInt(6);
        int idle = rs.getInt(7);
        int idleInTransaction = rs.getInt(8);
        int aborted = rs.getInt(9);
        Integer opened = sinceLast == null ? null : rs.getInt(17);
        Double perMinute = opened == null || sinceLast.isZero() || sinceLast.isNegative() ? null
                : opened * 60_000.0 / sinceLast.toMillis();
        return new ClientSessions(rs.getString(2), rs.getString(3), rs.getString(4), sessions, active, idle,
                idleInTransaction, aborted, sessions - active - idle - idleInTransaction - aborted, rs.getInt(11),
                seconds(rs, 12), seconds(rs, 13),
                new ClientSessions.ConnectionAge(seconds(rs, 14), seconds(rs, 15), seconds(rs, 16)),
                opened, perMinute, query(rs.getString(18)), query(rs.getString(19)));
    }

    private static Duration seconds(ResultSet rs, int column) throws SQLException {
        double seconds = rs.getDouble(column);
        return rs.wasNull() ? null : Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Query text as PoolGuard shows it: never one that mentions a password (ALTER ROLE ... PASSWORD '...'). */
    private static String query(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("password") ? REDACTED : text;
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
