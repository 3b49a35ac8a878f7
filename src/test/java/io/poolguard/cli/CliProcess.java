package io.poolguard.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged application run as a command, the way an operator runs it: the native executable when the build made
 * one (as {@code @QuarkusIntegrationTest} picks it, from {@code target/quarkus-artifact.properties}), otherwise
 * {@code java -jar target/quarkus-app/quarkus-run.jar}.
 */
final class CliProcess {

    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outReader;
    private final Thread errReader;

    private CliProcess(Process process) {
        this.process = process;
        this.outReader = copy(process.getInputStream(), out);
        this.errReader = copy(process.getErrorStream(), err);
    }

    /** Starts {@code poolguard <args>} with exactly {@code env} as its environment (plus PATH). */
    static CliProcess start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(executable());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        builder.environment().putAll(env);
        try {
            return new CliProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end (at most {@code atMost}) and returns what it printed and its exit code. */
    static Result run(Map<String, String> env, Duration atMost, String... args) {
        return start(env, args).awaitExit(atMost);
    }

    Result awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the command did not end within " + atMost + "; stdout: " + stdout()
                        + " stderr: " + stderr());
            }
            outReader.join(5000);
            errReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return new Result(process.exitValue(), stdout(), stderr());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ctrl-C: SIGINT, as a terminal sends it. */
    void interrupt() {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "stderr:\n" + stderr;
        }
    }

    /**
     * TCP ports the process listens on, from {@code /proc}: its socket inodes matched against the LISTEN entries
     * of {@code /proc/net/tcp} and {@code tcp6}.
     */
    static Set<Integer> listeningPorts(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            return Set.of();
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table))
                        .size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f[3].equals("0A") && inodes.contains(f[9])) {
                        ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                    }
                }
            } catch (IOException e) {
                // no IPv6
            }
        }
        return ports;
    }

    private static List<String> executable() {
        Path target = Path.of(System.getProperty("build.output.directory", "target"));
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(target.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no packaged application: run the integration tests through Maven", e);
        }
        if ("native".equals(artifact.getProperty("type"))) {
            String nativePath = System.getProperty("native.image.path");
            Path binary = nativePath != null && Files.isExecutable(Path.of(nativePath)) ? Path.of(nativePath)
                    : target.resolve(artifact.getProperty("path"));
            return List.of(binary.toAbsolutePath().toString());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                target.resolve(artifact.getProperty("path")).toAbsolutePath().toString());
    }

    private Thread copy(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) > 0;) {
                    synchronized (this) {
                        to.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "cli-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
