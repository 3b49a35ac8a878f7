package io.poolguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's {@code prometheus} package) as a child process on a free loopback port: scrapes one
 * target every second on /q/metrics, evaluates the shipped rule file every second, and answers the HTTP API.
 * Missing binary: the test fails under CI ({@code CI=true}; .ci/run installs the package) and is skipped elsewhere.
 */
final class PrometheusServer implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Process process;
    private final Path directory;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path directory, URI api) {
        this.process = process;
        this.directory = directory;
        this.api = api;
    }

    static PrometheusServer scraping(int targetPort, Path rules) throws IOException {
        Path binary = binary();
        Path directory = Files.createTempDirectory("poolguard-prometheus-");
        int port = freePort();
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: %1$s
                  evaluation_interval: %1$s
                rule_files:
                  - %2$s
                scrape_configs:
                  - job_name: poolguard
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%3$d']
                """.formatted(INTERVAL.toSeconds() + "s", rules.toAbsolutePath(), targetPort));
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, directory, URI.create("http://127.0.0.1:" + port));
        try {
            Awaitility.await("Prometheus ready on port " + port).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        assertThat(process.isAlive()).as("prometheus is running: %s", server.log()).isTrue();
                        return server.get("/-/ready").statusCode() == 200;
                    });
        } catch (RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code /api/v1/<path>}'s {@code data}, after checking {@code status: success}. */
    JsonNode api(String path) {
        HttpResponse<String> response = get("/api/v1/" + path);
        JsonNode body;
        try {
            body = DeployKit.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /api/v1/" + path + " answered " + response.statusCode() + ": "
                    + response.body(), e);
        }
        assertThat(body.path("status").asText()).as("GET /api/v1/%s: %s", path, body).isEqualTo("success");
        return body.path("data");
    }

    /** An instant query's result vector (or scalar), failing on any error Prometheus reports. */
    JsonNode query(String promql) {
        return api("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** The alert of that name in Prometheus's current alerts (pending or firing), if any. */
    Optional<JsonNode> alert(String name) {
        for (JsonNode alert : api("alerts").path("alerts")) {
            if (name.equals(alert.path("labels").path("alertname").asText())) {
                return Optional.of(alert);
            }
        }
        return Optional.empty();
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " from Prometheus", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    /** PROMETHEUS (a path), else prometheus on the PATH; absent: fail under CI, skip elsewhere. */
    private static Path binary() {
        String configured = System.getenv("PROMETHEUS");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Optional<Path> onPath = Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable).findFirst();
        if (onPath.isPresent()) {
            return onPath.get();
        }
        String missing = "no prometheus binary on the PATH (Debian: apt-get install prometheus; .ci/run installs it)";
        if ("true".equals(System.getenv("CI"))) {
            fail(missing);
        }
        Assumptions.abort(missing);
        throw new IllegalStateException("unreachable");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
