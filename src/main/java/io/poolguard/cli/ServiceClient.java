package io.poolguard.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;


/**
 * The PoolGuard service over HTTP, as the commands use it. Every failure becomes a {@link CliFailure} with the exit
 * code of the table and one line that says what to do; the API key is sent, never printed.
 */
final class ServiceClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String KEY_HINT = "set POOLGUARD_API_KEY (or --api-key-file) to the service's"
            + " poolguard.api-key";

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    ServiceClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** The service's address for messages: without any user info. */
    String where() {
        // an http(s) URL, not a JDBC one: rebuilt from its parts without the user info
        String url = base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
                + (base.getRawPath() == null ? "" : base.getRawPath());
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** An answer: the status and the JSON body (missing when the body is not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** GET; statuses in {@code accepted} come back as answers, any other is a failure. */
    Answer get(String path, Set<Integer> accepted) {
        return send(request(path).GET().build(), accepted, Map.of());
    }

    /**
     * POST a JSON body. {@code flags}: the command's flag for each field of the body, so that a refusal naming a
     * field names the flag the user typed.
     */
    Answer post(String path, JsonNode body, Map<String, String> flags, Set<Integer> accepted) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), accepted, flags);
    }

    /** PATCH a JSON body; {@code flags} as for {@link #post}. */
    Answer patch(String path, JsonNode body, Map<String, String> flags, Set<Integer> accepted) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).build(), accepted, flags);
    }

    Answer delete(String path, Set<Integer> accepted) {
        return send(request(path).DELETE().build(), accepted, Map.of());
    }

    /**
     * Reads a server-sent event stream until it ends, handing each event to {@code onEvent} on the calling thread.
     * A failure while connecting is thrown as a {@link CliFailure}; the stream breaking later just ends it.
     */
    void events(String path, Consumer<Event> onEvent) {
        HttpRequest request = request(path).timeout(Duration.ofDays(1)).header("Accept", "text/event-stream").GET()
                .build();
        HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            throw refusal(response.statusCode(), MissingNode.getInstance(), Map.of());
        }
        try (Stream<String> lines = response.body()) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext();) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        onEvent.accept(new Event(name, parse(data.toString())));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                }
            }
        } catch (UncheckedIOException e) {
            // the stream broke: the caller reads the run's state instead
        }
    }

    /** One server-sent event: its name and its JSON data. */
    record Event(String name, JsonNode data) {
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (apiKey != null) {
            builder.header("X-API-Key", apiKey);
        }
        return builder;
    }

    private Answer send(HttpRequest request, Set<Integer> accepted, Map<String, String> flags) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(response.body());
        if (accepted.contains(response.statusCode())) {
            return new Answer(response.statusCode(), body);
        }
        throw refusal(response.statusCode(), body, flags);
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw noAnswer(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.NO_ANSWER, "interrupted");
        }
    }

    private CliFailure noAnswer(IOException e) {
        String why;
        if (e instanceof HttpConnectTimeoutException) {
            why = "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            why = "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            why = "connection refused";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CliFailure(ExitCode.NO_ANSWER, "no answer from " + where() + ": " + why
                + " (is the service running? set --url or POOLGUARD_URL)");
    }

    private CliFailure refusal(int status, JsonNode problem, Map<String, String> flags) {
        String detail = problem.path("detail").asText("");
        if (status == 401) {
            return new CliFailure(ExitCode.NO_ANSWER, apiKey == null
                    ? "the service needs an API key for this: " + KEY_HINT
                    : "the service refused the API key: " + KEY_HINT);
        }
        if (status == 403) {
            return new CliFailure(ExitCode.NO_ANSWER, "the service has stability runs switched off (no API key"
                    + " configured there): set POOLGUARD_API_KEY on the service, and the same key here");
        }
        if (status == 404 && problem.isMissingNode()) {
            return new CliFailure(ExitCode.NO_ANSWER, where() + " does not look like PoolGuard (404): check --url");
        }
        if (status / 100 == 4) {
            return new CliFailure(ExitCode.USAGE, Problems.oneLine(status, problem, flags));
        }
        return new CliFailure(ExitCode.NO_ANSWER, "the service failed to answer (" + status + ")"
                + (detail.isEmpty() ? "" : ": " + detail));
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
