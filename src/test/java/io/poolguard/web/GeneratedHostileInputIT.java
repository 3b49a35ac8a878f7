package io.poolguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.poolguard.testing.ApiKeyTestResource;
import io.poolguard.testing.RawHttp;
import io.poolguard.testing.RawHttp.Request;
import io.poolguard.testing.RawHttp.Response;
import io.poolguard.web.HostileRequests.Case;
import io.poolguard.web.HostileRequests.Expected;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Generated hostile requests ({@link HostileRequests}) against the packaged application, jar or native binary:
 * black-box over HTTP, the application's log read from the file it writes. For each request: no 5xx, every 4xx
 * from PoolGuard's endpoints is problem+json (only the HTTP layer's own refusals of a malformed request have empty
 * bodies), a 400 names exactly the wrong fields, no run starts, nothing is logged above DEBUG. Afterwards the
 * probes are 200 and no run is active. A fixed seed and a bounded count keep it reproducible and quick; for a
 * longer hunt: {@code -Dpoolguard.hostile.seed=N -Dpoolguard.hostile.requests=N}.
 */
@QuarkusIntegrationTest
@TestProfile(GeneratedHostileInputIT.QuietLog.class)
class GeneratedHostileInputIT {

    static final long SEED = Long.getLong("poolguard.hostile.seed", 11L);
    static final int REQUESTS = Integer.getInteger("poolguard.hostile.requests", 1000);
    /** Where {@code @QuarkusIntegrationTest} has the packaged application log (it watches it for the start). */
    static final Path LOG = Path.of("target", "quarkus.log").toAbsolutePath();
    /** An entry in Quarkus' default file format; a line that does not start like this continues the one before. */
    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} .*?\\s(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\s+\\[.*");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final int MAX_REPORTED = 25;

    /** The monitor's per-sample line at DEBUG, so that any INFO or higher entry while the requests run is theirs. */
    public static class QuietLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("poolguard.monitor.log-level", "DEBUG");
        }
    }

    private final List<String> violations = new ArrayList<>();
    private long logOffset;

    @Test
    void generatedHostileRequestsAreRefusedCleanlyAndChangeNothing() throws IOException {
        awaitStarted();
        int runsBefore = runs().size();
        logOffset = Files.size(LOG);
        HostileRequests generator = new HostileRequests(SEED);
        long started = System.nanoTime();

        for (int i = 0; i < REQUESTS && violations.size() < MAX_REPORTED; i++) {
            Case c = generator.next();
            Response response = RawHttp.send(c.request());
            check(i, c, response);
            if (c.request().method().equals("POST") && c.request().target().equals(HostileRequests.RUNS)) {
                int now = runs().size();
                if (now != runsBefore) {
                    violations.add(describe(i, c, response) + "\n    started a run (" + now + " runs, "
                            + runsBefore + " before)");
                    runsBefore = now;
                }
            }
            for (String entry : newLogEntriesAboveDebug()) {
                violations.add(describe(i, c, response) + "\n    logged: " + entry);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("GeneratedHostileInputIT: %d requests, seed %d, %.1f s%n", REQUESTS, SEED, seconds);

        assertThat(violations).as("hostile requests answered wrongly (seed %d, %d requests)", SEED, REQUESTS)
                .isEmpty();
        for (String probe : List.of("", "/live", "/ready", "/started")) {
            Response health = RawHttp.send(Request.of("GET", "/api/v1/hc/health" + probe));
            assertThat(health.status()).as("probe %s afterwards: %s", probe, health).isEqualTo(200);
        }
        List<Map<String, Object>> runs = runs();
        assertThat(runs).as("no run started").hasSize(runsBefore);
        assertThat(runs).as("no run active").noneMatch(run -> List.of("queued", "running").contains(run.get("state")));
    }

    private void check(int i, Case c, Response response) {
        Expected expected = c.expected();
        List<String> wrong = new ArrayList<>();
        int status = response.status();
        boolean emptyRefusal = response.body().length == 0 && !response.isProblem();
        // the HTTP layer's own refusals, and Vert.x's content negotiation on Quarkus' scrape route (docs/api-errors.md)
        boolean protocolRefusal = emptyRefusal && (expected.protocol() && Set.of(400, 414, 431).contains(status)
                || status == 406 && c.request().target().startsWith("/q/metrics"));
        if (status >= 500) {
            wrong.add("a server error");
        }
        if (status / 100 == 2 && !SAFE_METHODS.contains(c.request().method())) {
            wrong.add("an unsafe method succeeded");
        }
        if (!expected.statuses().isEmpty() && !expected.statuses().contains(status) && !protocolRefusal) {
            wrong.add("status " + status + ", expected one of " + expected.statuses());
        }
        if (status / 100 == 4 && !protocolRefusal) {
            if (!response.isProblem()) {
                wrong.add("a 4xx that is not application/problem+json");
            } else if (!c.request().method().equals("HEAD")) {
                wrong.addAll(problemBody(response, expected));
            }
        }
        if (expected.readOnlyRefusal() && !"GET, HEAD".equals(response.header("Allow"))) {
            wrong.add("Allow is " + response.header("Allow"));
        }
        if (!wrong.isEmpty()) {
            violations.add(describe(i, c, response) + "\n    " + String.join("; ", wrong));
        }
    }

    private static List<String> problemBody(Response response, Expected expected) {
        List<String> wrong = new ArrayList<>();
        if (response.body().length > 4096) {
            wrong.add("a problem of " + response.body().length + " bytes");
        }
        JsonPath problem;
        try {
            problem = JsonPath.from(response.text());
            if (problem.getInt("status") != response.status()) {
                wrong.add("problem status " + problem.getInt("status"));
            }
        } catch (RuntimeException e) {
            wrong.add("a problem body that is not JSON");
            return wrong;
        }
        if (response.status() == 400 && !expected.fields().isEmpty()) {
            Set<String> named = new TreeSet<>(problem.getList("errors.field", String.class));
            boolean right = expected.fieldsAtMost()
                    ? !named.isEmpty() && expected.fields().containsAll(named)
                    : named.equals(expected.fields());
            if (!right) {
                wrong.add("named " + named + ", expected " + (expected.fieldsAtMost() ? "some of " : "")
                        + new TreeSet<>(expected.fields()));
            }
        }
        return wrong;
    }

    /** The entries the application logged since the last call at INFO or above, stack traces included. */
    private List<String> newLogEntriesAboveDebug() throws IOException {
        String added;
        try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
            if (file.length() <= logOffset) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (file.length() - logOffset)];
            file.seek(logOffset);
            file.readFully(bytes);
            logOffset = file.length();
            added = new String(bytes, StandardCharsets.UTF_8);
        }
        List<String> entries = new ArrayList<>();
        for (String line : added.split("\n")) {
            java.util.regex.Matcher entry = ENTRY.matcher(line);
            if (entry.matches() && !Set.of("DEBUG", "TRACE").contains(entry.group(1))) {
                entries.add(RawHttp.abbreviate(line, 400));
            } else if (!entry.matches() && !line.isBlank()) {
                entries.add("(continued) " + RawHttp.abbreviate(line, 400));
            }
        }
        return entries;
    }

    private static void awaitStarted() {
        org.awaitility.Awaitility.await("probes UP before the requests").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> RawHttp.send(Request.of("GET", "/api/v1/hc/health/ready")).status() == 200);
    }

    private static List<Map<String, Object>> runs() {
        Response list = RawHttp.send(Request.of("GET", HostileRequests.RUNS)
                .header("X-API-Key", ApiKeyTestResource.API_KEY));
        assertThat(list.status()).as("run list: %s", list).isEqualTo(200);
        return JsonPath.from(list.text()).getList("$");
    }

    private static String describe(int i, Case c, Response response) {
        return "#" + i + " " + c.kind() + ": " + c.request().describe() + "\n    -> " + response;
    }
}
