package io.poolguard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

import io.poolguard.devdb.LocalPostgresServer;

/** The server's side of the service's connections, asked as the superuser from the test (no bean injection). */
public final class ServerSessions {

    private ServerSessions() {
    }

    /** Backend pids of the service's pool: its role, its application name (not the readiness connection's). */
    public static Set<Integer> poolPids(LocalPostgresServer postgres) {
        return pids(postgres, "poolguard");
    }

    public static Set<Integer> pids(LocalPostgresServer postgres, String applicationName) {
        try (Connection c = superuser(postgres);
                PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity"
                        + " WHERE usename = ? AND application_name = ?")) {
            s.setString(1, PostgresTestResource.USER);
            s.setString(2, applicationName);
            Set<Integer> pids = new TreeSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            return pids;
        } catch (SQLException e) {
            throw new AssertionError("could not read pg_stat_activity", e);
        }
    }

    /** Ends a backend the way an operator or a failover would: {@code pg_terminate_backend}. */
    public static void terminate(LocalPostgresServer postgres, int pid) {
        try (Connection c = superuser(postgres);
                PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            s.setInt(1, pid);
            s.execute();
        } catch (SQLException e) {
            throw new AssertionError("could not terminate backend " + pid, e);
        }
    }

    public static Connection superuser(LocalPostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(PostgresTestResource.DATABASE),
                LocalPostgresServer.SUPERUSER, postgres.superuserPassword());
    }
}
