package io.poolguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.poolguard.testing.ApiKeyTestResource;
import io.poolguard.testing.RawHttp;
import io.poolguard.testing.RawHttp.Request;
import io.poolguard.testing.RawHttp.Response;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * One regression test per finding of the hostile-input pass (issue 11), over raw HTTP so that nothing between the
 * test and the service tidies the request up. {@link HostileInputIT} runs them against the packaged application;
 * {@link GeneratedHostileInputIT} generates many more.
 */
@QuarkusTest
class HostileInputTest {

    static final String RUNS = "/api/v1/hc/stability-tests";
    static final List<String> READ_ONLY_PATHS = List.of("/api/v1/hc/health", "/api/v1/hc/health/live",
            "/api/v1/hc/health/ready", "/api/v1/hc/health/started", "/q/metrics");

    static Response startRun(String contentType, String body) {
        Request request = Request.of("POST", RUNS).header("X-API-Key", ApiKeyTestResource.API_KEY).body(body);
        return RawHttp.send(contentType == null ? request : request.header("Content-Type", contentType));
    }

    static int runCount() {
        Response list = RawHttp.send(Request.of("GET", RUNS).header("X-API-Key", ApiKeyTestResource.API_KEY));
        assertThat(list.status()).as("run list: %s", list).isEqualTo(200);
        return JsonPath.from(list.text()).getList("$").size();
    }

    private static void assertRefused(Response response, int status, String field, String what) {
        assertThat(response.status()).as("%s: %s", what, response).isEqualTo(status);
        assertThat(response.isProblem()).as("%s is problem+json: %s", what, response).isTrue();
        // the body is the problem itself, also where the HTTP layer writes it on the first refusal (FixedProblem)
        JsonPath problem = JsonPath.from(response.text());
        assertThat(problem.getInt("status")).as("%s: the problem's status member: %s", what, response)
                .isEqualTo(status);
        if (field != null) {
            assertThat(problem.getList("errors.field"))
                    .as("%s names the field: %s", what, response).contains(field);
        }
    }

    static Stream<Arguments> numbersNoDoubleCanHold() {
        return Stream.of("count", "interval", "burst", "hold", "timeout").flatMap(field -> Stream
                .of("1e309", "-1e309", "1.8e308", "-1.8e308", "1e400", "-1e400")
                .map(number -> Arguments.of(field, number)));
    }

    /** D1: was a 500 with an ERROR and a stack trace (NumberFormatException from DoubleNode.decimalValue). */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("numbersNoDoubleCanHold")
    void numbersBeyondADoubleAreRefusedNamingTheField(String field, String number) {
        int before = runCount();
        String body = switch (field) {
            case "count" -> "{\"count\": " + number + ", \"interval\": 0}";
            case "hold" -> "{\"count\": 1, \"mode\": \"hold\", \"hold\": " + number + "}";
            default -> "{\"count\": 1, \"" + field + "\": " + number + "}";
        };

        assertRefused(startRun("application/json", body), 400, field, body);
        assertThat(runCount()).as("nothing started by %s", body).isEqualTo(before);
    }

    /** D3: the first object was read and a run started. */
    @ParameterizedTest
    @ValueSource(strings = { "{\"count\":1} trailing", "{\"count\":1}{\"count\":2}", "{\"count\":1} 7",
            "{\"count\":1}[]", "{\"count\":1} {" })
    void anythingAfterTheObjectIsRefused(String body) {
        int before = runCount();

        assertRefused(startRun("application/json", body), 400, "(body)", body);
        assertThat(runCount()).as("nothing started by %s", body).isEqualTo(before);
    }

    /** Decision: a key given twice is refused (Jackson would take the last), naming the key. */
    @ParameterizedTest
    @ValueSource(strings = { "{\"count\":-1,\"count\":3}", "{\"count\":3,\"count\":3}",
            "{\"count\":3,\"mode\":\"pooled\",\"mode\":\"hold\"}" })
    void aKeyGivenTwiceIsRefusedNamingIt(String body) {
        int before = runCount();
        Response response = startRun("application/json", body);

        assertRefused(response, 400, body.contains("\"mode\"") ? "mode" : "count", body);
        assertThat(response.text()).contains("more than once");
        assertThat(runCount()).as("nothing started by %s", body).isEqualTo(before);
    }

    /** D4: a valid body without a JSON content type started a run (the docs promised 415). */
    @ParameterizedTest(name = "Content-Type [{0}]")
    @ValueSource(strings = { "(none)", "", "*/*", "application/*", ";;;", "json" })
    void aValidBodyWithoutAJsonContentTypeIs415(String contentType) {
        int before = runCount();
        Response response = startRun(contentType.equals("(none)") ? null : contentType, "{\"count\": 1}");

        assertRefused(response, 415, null, "Content-Type [" + contentType + "]");
        assertThat(response.text()).contains("application/json");
        assertThat(runCount()).as("nothing started").isEqualTo(before);
    }

    @Test
    void withoutTheKeyAMissingContentTypeIsStill401() {
        Response response = RawHttp.send(Request.of("POST", RUNS).body("{\"count\": 1}"));
        assertRefused(response, 401, null, "no key, no Content-Type");
    }

    static Stream<Arguments> writeMethodsOnReadOnlyPaths() {
        return READ_ONLY_PATHS.stream().flatMap(path -> Stream
                .of("POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "PROPFIND", "get", "Get")
                .map(method -> Arguments.of(method, path)));
    }

    /** D5: every method got 200 with the full body. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writeMethodsOnReadOnlyPaths")
    void probesAndTheScrapeAnswerOtherMethodsWith405(String method, String path) {
        Response response = RawHttp.send(Request.of(method, path).header("Content-Type", "application/json")
                .body("{}"));

        assertRefused(response, 405, null, method + " " + path);
        assertThat(response.header("Allow")).as("Allow of %s %s", method, path).isEqualTo("GET, HEAD");
    }

    @Test
    void probesAndTheScrapeStillAnswerGetAndHead() {
        // the aggregate includes the startup check, DOWN until the pool has opened its initial connections: a
        // native executable answers before that (it is ready tens of milliseconds after exec)
        Awaitility.await("the startup probe UP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> RawHttp.send(Request.of("GET", "/api/v1/hc/health/started")).status() == 200);
        for (String path : READ_ONLY_PATHS) {
            Response get = RawHttp.send(Request.of("GET", path));
            assertThat(get.status()).as("GET %s: %s", path, get).isEqualTo(200);
            assertThat(get.body()).as("GET %s has a body", path).isNotEmpty();
            Response head = RawHttp.send(Request.of("HEAD", path));
            assertThat(head.status()).as("HEAD %s: %s", path, head).isEqualTo(200);
            assertThat(head.contentType()).as("HEAD %s says what GET sends", path).isEqualTo(get.contentType());
        }
        Response trailingSlash = RawHttp.send(Request.of("POST", "/api/v1/hc/health/ready/"));
        assertThat(trailingSlash.status()).as("a trailing slash is the same path").isEqualTo(405);
    }

    /** Decision: SmallRye Health's wellness and group paths are not part of PoolGuard's API. */
    @ParameterizedTest
    @ValueSource(strings = { "/api/v1/hc/health/well", "/api/v1/hc/health/group", "/api/v1/hc/health/group/",
            "/api/v1/hc/health/group/any" })
    void undocumentedHealthPathsAreNotServed(String path) {
        assertRefused(RawHttp.send(Request.of("GET", path)), 404, null, path);
    }

    /**
     * Found by the generated test, kept as it is (docs/api-errors.md): the scrape's route is Quarkus', and Vert.x
     * refuses an {@code Accept} it cannot meet with an empty 406 before any PoolGuard code can shape it. Pinned so
     * that it stays a client error.
     */
    @ParameterizedTest
    @ValueSource(strings = { "GET", "HEAD" })
    void anAcceptTheScrapeCannotMeetIsA406(String method) {
        for (String accept : List.of("\u00e9t\u00e9", "application/xml")) {
            Response response = RawHttp.send(Request.of(method, "/q/metrics").header("Accept", accept));
            assertThat(response.status()).as("%s /q/metrics, Accept: %s: %s", method, accept, response)
                    .isEqualTo(406);
        }
        Response prometheus = RawHttp.send(Request.of("GET", "/q/metrics")
                .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1"));
        assertThat(prometheus.status()).as("Prometheus' own Accept: %s", prometheus).isEqualTo(200);
    }

    /** Decision: an {@code Accept} the API cannot meet is a 406 problem that says which type it answers. */
    @Test
    void anAcceptTheApiCannotMeetIsA406ProblemNamingTheTypeItAnswers() {
        for (String path : List.of("/api/v1/hc/database", "/api/v1/hc/alerts", RUNS)) {
            Response response = RawHttp.send(Request.of("GET", path).header("Accept", "application/xml")
                    .header("X-API-Key", ApiKeyTestResource.API_KEY));
            assertRefused(response, 406, null, "GET " + path + ", Accept: application/xml");
            assertThat(response.text()).as("GET %s", path).contains("This path answers JSON");
        }
    }

    /** Found by the generated test: Micrometer served the whole scrape below its path, to every method. */
    @ParameterizedTest
    @ValueSource(strings = { "GET", "PUT", "POST", "DELETE", "FOO" })
    void nothingIsServedBelowTheScrapePath(String method) {
        assertRefused(RawHttp.send(Request.of(method, "/q/metrics/x")), 404, null, method + " /q/metrics/x");
        assertRefused(RawHttp.send(Request.of(method, "/q/metrics/" + "a".repeat(1000))), 404, null, "long");
    }

    /** Decision: an unknown id is repeated in the 404 only up to 64 characters. */
    @Test
    void anUnknownRunIdIsNotRepeatedInFull() {
        String id = "x".repeat(3000);
        Response response = RawHttp.send(Request.of("GET", RUNS + "/" + id)
                .header("X-API-Key", ApiKeyTestResource.API_KEY));

        assertRefused(response, 404, null, "unknown long id");
        assertThat(response.text()).as("the id is cut").contains("x".repeat(Problem.ECHO_LIMIT) + "\u2026")
                .doesNotContain("x".repeat(Problem.ECHO_LIMIT + 1));
    }

    @Test
    void aFieldNameIsNotRepeatedInFullOrWithControlCharacters() {
        String name = "f".repeat(500);
        Response response = startRun("application/json", "{\"count\": 1, \"" + name + "\": 1}");

        assertRefused(response, 400, null, "unknown long field");
        assertThat(response.text()).doesNotContain("f".repeat(Problem.ECHO_LIMIT + 1));
        Response controls = startRun("application/json", "{\"count\": 1, \"a\\u0000\\u001bb\": 1}");
        assertRefused(controls, 400, "a??b", "field with a NUL and an ESC");
    }

    /**
     * Decision: refusals of the HTTP layer itself (request line too long, headers too large, a malformed header)
     * keep Vert.x's empty bodies (documented in docs/api-errors.md); what matters is the status, never a 5xx.
     */
    @Test
    void protocolLevelRefusalsAreClientErrors() {
        Response longPath = RawHttp.send(Request.of("GET", "/api/v1/hc/health/" + "a".repeat(10_000)));
        assertThat(longPath.status()).as("request line over the limit: %s", longPath).isEqualTo(414);
        Response bigHeader = RawHttp.send(Request.of("GET", "/api/v1/hc/health")
                .header("X-Big", "b".repeat(40_000)));
        assertThat(bigHeader.status()).as("headers over the limit: %s", bigHeader).isEqualTo(431);
        Response nul = RawHttp.send(Request.of("GET", "/api/v1/hc/health").header("X-Nul", "a\u0000b"));
        assertThat(nul.status()).as("NUL in a header: %s", nul).isEqualTo(400);
        // Quarkus' root handler refuses a target java.net.URI cannot parse, before the router
        for (String target : List.of("/api/v1/hc/health/ready?x=%ZZ", "/api/v1/hc/database?q={x}", "/q/metrics|")) {
            Response malformed = RawHttp.send(Request.of("GET", target));
            assertThat(malformed.status()).as("%s: %s", target, malformed).isEqualTo(400);
        }
    }

    /**
     * Found by a pass with raw requests (issue 16's last stop): an HTTP/1.1 request without a {@code Host} header, or
     * with one naming no host, and an empty request target got Quarkus' own JSON ({@code {"details":"Error id ..."}})
     * and one ERROR with a stack trace in the log per request (a load balancer whose health check sends no
     * {@code Host} would fill the log); a target that does not start with {@code /} got an empty 404.
     */
    @Test
    void aRequestWithoutAHostOrAPathIsRefusedAsAProblemWithoutALogLine() throws IOException {
        long logged = Files.size(GeneratedHostileInputIT.LOG);
        for (String path : List.of("/api/v1/hc/health/ready", "/api/v1/hc/database", "/q/metrics", RUNS)) {
            Response response = RawHttp.send(Request.of("GET", path).withoutHost());
            assertRefused(response, 400, null, "GET " + path + " without a Host");
            assertThat(response.text()).as("GET %s without a Host", path).contains("Host header");
        }
        for (String host : List.of("a b", "[::1", "localhost:99999999")) {
            Response response = RawHttp.send(Request.of("GET", "/api/v1/hc/health").withoutHost().header("Host", host));
            assertRefused(response, 400, null, "Host: " + host);
        }
        assertRefused(RawHttp.send(Request.of("GET", "?x=1")), 400, null, "an empty path");
        assertRefused(RawHttp.send(Request.of("GET", "*")), 404, null, "GET *");
        assertRefused(RawHttp.send(Request.of("OPTIONS", "api/v1/hc/database")), 404, null, "a path without /");

        String log = Files.readString(GeneratedHostileInputIT.LOG);
        String since = log.length() >= logged ? log.substring((int) logged) : log;
        assertThat(since).as("what the application logged meanwhile").doesNotContain("QuarkusErrorHandler")
                .doesNotContain("Host' header").doesNotContain("must start with");
    }
}
