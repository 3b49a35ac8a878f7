package io.poolguard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.poolguard.devdb.LocalPostgresServer;

/**
 * What a fault test can break: its own PostgreSQL primary (never the shared test server), the {@link FaultProxy} the
 * pool reaches it through, and, in the failover set-up, a hot standby. Injected into a test's field of this type
 * by {@link FaultHarnessResource}.
 *
 * @param standby null unless the harness was started with a standby
 */
public record FaultHarness(LocalPostgresServer primary, FaultProxy proxy, LocalPostgresServer standby) {

    /** Terminates every backend of the pool ({@code application_name} as given) on the primary; returns how many. */
    public int terminatePoolBackends(String applicationName) {
        return terminate(primary, "application_name = '" + applicationName.replace("'", "''") + "'");
    }

    /** Runs one statement as the superuser on a server of the harness. */
    public static void execute(LocalPostgresServer server, String sql) {
        try (Connection c = superuser(server); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The superuser's connection to the {@code postgres} database of a server, for the test's own checks. */
    public static Connection superuser(LocalPostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"), LocalPostgresServer.SUPERUSER,
                server.superuserPassword());
    }

    private static int terminate(LocalPostgresServer server, String where) {
        try (Connection c = superuser(server); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                        + " FROM pg_stat_activity WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate backends: " + e.getMessage(), e);
        }
    }
}
