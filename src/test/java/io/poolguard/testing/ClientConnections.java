package io.poolguard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.poolguard.devdb.LocalPostgresServer;

/**
 * Other applications on the test server: plain JDBC connections opened by the test under their own
 * {@code ApplicationName}, closed together at the end.
 */
public final class ClientConnections implements AutoCloseable {

    private final LocalPostgresServer postgres;
    private final List<Connection> open = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    public ClientConnections(LocalPostgresServer postgres) {
        this.postgres = postgres;
    }

    /** A connection as the service's role, named {@code applicationName}. */
    public Connection open(String applicationName) throws SQLException {
        return open(applicationName, PostgresTestResource.USER, PostgresTestResource.PASSWORD);
    }

    public synchronized Connection open(String applicationName, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", applicationName);
        Connection connection = DriverManager.getConnection(postgres.jdbcUrl(PostgresTestResource.DATABASE),
                properties);
        open.add(connection);
        return connection;
    }

    /** A session left idle in an open transaction after {@code sql}: the classic leak. */
    public Connection idleInTransaction(String applicationName, String sql) throws SQLException {
        Connection connection = open(applicationName);
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        return connection;
    }

    /**
     * An application without a pool serving overlapping requests: opens a connection every 100 ms, runs one
     * statement on it and closes it a second later, until {@link #close()}. Returns how many it has opened.
     */
    public AtomicInteger reconnectingInALoop(String applicationName) {
        AtomicInteger opened = new AtomicInteger();
        Thread loop = new Thread(() -> {
            java.util.ArrayDeque<Connection> live = new java.util.ArrayDeque<>();
            try {
                while (!stopping.get()) {
                    Properties properties = new Properties();
                    properties.setProperty("user", PostgresTestResource.USER);
                    properties.setProperty("password", PostgresTestResource.PASSWORD);
                    properties.setProperty("ApplicationName", applicationName);
                    Connection c = DriverManager.getConnection(postgres.jdbcUrl(PostgresTestResource.DATABASE),
                            properties);
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    live.add(c);
                    opened.incrementAndGet();
                    while (live.size() > 10) {
                        live.remove().close();
                    }
                    Thread.sleep(100);
                }
            } catch (SQLException e) {
                if (!stopping.get()) {
                    throw new IllegalStateException(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                live.forEach(c -> {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // closing anyway
                    }
                });
            }
        }, "reconnecting-" + applicationName);
        loop.setDaemon(true);
        loop.start();
        threads.add(loop);
        return opened;
    }

    /** Runs {@code sql} on {@code connection} in a thread of its own (for a statement that blocks). */
    public void inBackground(Connection connection, String sql) {
        Thread thread = new Thread(() -> {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                // closed at the end of the test while it waited: expected
            }
        }, "background-statement");
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    @Override
    public synchronized void close() throws InterruptedException {
        stopping.set(true);
        for (Connection connection : open) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken: nothing to give back
            }
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
