package io.poolguard.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A real hot standby for the failover tests, from the same embedded binaries as the primary. The bundle has no
 * {@code pg_basebackup}, but a copy of a cleanly stopped primary's data directory is a valid base backup: the copy
 * gets {@code standby.signal} and a {@code primary_conninfo}, and streams from the primary once both run. Promoted
 * with {@code pg_ctl promote}. Loopback only.
 */
public final class HotStandby {

    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "server.log");

    private HotStandby() {
    }

    /**
     * Stops {@code primary} cleanly, copies its data directory, starts it again and starts a standby of it on a free
     * port. Returns once the standby accepts read-only connections.
     */
    public static LocalPostgresServer of(LocalPostgresServer primary) {
        try {
            Path root = Files.createTempDirectory("poolguard-pg-standby-");
            Path data = root.resolve("data");
            primary.stop();
            try {
                copy(primary.dataDirectory(), data);
            } finally {
                primary.startServer();
            }
            Files.writeString(data.resolve("standby.signal"), "", StandardCharsets.UTF_8);
            Files.writeString(data.resolve("postgresql.auto.conf"),
                    "\nprimary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user="
                            + LocalPostgresServer.SUPERUSER + " password=" + primary.superuserPassword()
                            + " application_name=standby'\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            LocalPostgresServer standby = new LocalPostgresServer(LocalPostgresServer.binaries(), data,
                    LocalPostgresServer.freePort(), primary.superuserPassword());
            if (standby.runsAsNobody()) {
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
                try (Stream<Path> paths = Files.walk(data)) {
                    for (Path path : (Iterable<Path>) paths::iterator) {
                        LocalPostgresServer.giveToNobody(path);
                    }
                }
            }
            standby.startServer();
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the standby", e);
        }
    }

    /** Promotes a standby to primary and waits until it accepts writes. */
    public static void promote(LocalPostgresServer standby) {
        standby.run(List.of(standby.bin("pg_ctl"), "-D", standby.dataDirectory().toString(), "-w", "-t", "30",
                "promote"), 60);
    }

    /** Whether the server is in recovery (a standby), asked as the superuser. */
    public static boolean inRecovery(LocalPostgresServer server) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), LocalPostgresServer.SUPERUSER,
                server.superuserPassword()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not ask " + server.port() + " for its role: " + e.getMessage(), e);
        }
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    public static void awaitCaughtUp(LocalPostgresServer primary, LocalPostgresServer standby, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        String target = scalar(primary, "SELECT pg_current_wal_lsn()::text");
        while (true) {
            String replayed = scalar(standby, "SELECT coalesce(pg_last_wal_replay_lsn()::text, '0/0')");
            if (Boolean.parseBoolean(scalar(standby, "SELECT (pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn)::text"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("standby replayed " + replayed + ", primary at " + target);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String scalar(LocalPostgresServer server, String sql) {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), LocalPostgresServer.SUPERUSER,
                server.superuserPassword()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + server.port() + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (relative.getNameCount() == 1 && NOT_COPIED.contains(relative.toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
