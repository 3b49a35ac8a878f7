package io.poolguard.stability;

import static io.poolguard.stability.StabilityApi.PATH;
import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.cancel;
import static io.poolguard.stability.StabilityApi.run;
import static io.poolguard.stability.StabilityApi.start;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static io.poolguard.stability.StabilityApi.withKey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.poolguard.testing.ApiKeyTestResource;
import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The stability API over HTTP only; {@link StabilityTestsIT} runs the same against the packaged application. */
@QuarkusTest
class StabilityTestsTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @AfterEach
    void cancelLeftoverRuns() {
        StabilityApi.cancelActiveRuns();
    }

    @Test
    void pooledRunReportsEveryOperationWithLatenciesAndAStableVerdict() {
        Response started = start("{\"count\": 200, \"interval\": 0, \"burst\": 4, \"mode\": \"pooled\"}");

        assertThat(started.statusCode()).as("accepted: %s", started.asString()).isEqualTo(202);
        String id = started.jsonPath().getString("id");
        assertThat(started.header("Location")).as("Location names the run").endsWith(PATH + "/" + id);
        JsonPath run = awaitFinished(id, RUN_TIMEOUT);

        assertThat(run.getString("state")).isEqualTo("completed");
        assertThat(run.getLong("progress.done")).as("every operation ran").isEqualTo(200);
        assertThat(run.getLong("progress.total")).isEqualTo(200);
        assertThat(run.getLong("successes")).as("all succeeded: %s", run.prettify()).isEqualTo(200);
        java.util.Map<String, Integer> failures = run.getMap("failures", String.class, Integer.class);
        assertThat(failures).as("every failure class listed, all zero")
                .containsOnlyKeys("pool_exhausted", "unreachable", "connection_closed", "authentication_failed",
                        "too_many_connections", "timed_out", "read_only", "other")
                .allSatisfy((failureClass, n) -> assertThat(n).as(failureClass).isZero());
        assertSaneLatencies(run);
        assertThat(run.getDouble("throughputPerSecond")).as("throughput").isPositive();
        assertThat(run.getDouble("elapsedSeconds")).as("elapsed").isPositive();
        assertThat(run.getLong("pool.acquired")).as("each operation borrowed from the pool")
                .isGreaterThanOrEqualTo(200);
        assertThat(run.getLong("pool.acquisitionTimeouts")).isZero();
        assertThat(run.getBoolean("verdict.stable")).as("verdict: %s", run.getString("verdict.reason")).isTrue();
        assertThat(run.getString("request.mode")).isEqualTo("pooled");
        assertThat(run.getString("finishedAt")).isNotNull();
    }

    @Test
    void freshRunOpensItsOwnConnectionsAroundThePool() {
        String id = startAccepted("{\"count\": 12, \"interval\": 0, \"burst\": 3, \"mode\": \"fresh\"}");
        JsonPath run = awaitFinished(id, RUN_TIMEOUT);

        assertThat(run.getString("state")).isEqualTo("completed");
        assertThat(run.getLong("successes")).as("every new connection authenticated and answered: %s",
                run.prettify()).isEqualTo(12);
        assertSaneLatencies(run);
        assertThat(run.getLong("pool.acquired")).as("fresh connections bypass the pool").isLessThan(12);
    }

    @Test
    void holdRunKeepsEachConnectionForTheHoldAndGivesItBack() {
        String id = startAccepted("{\"count\": 4, \"interval\": 0, \"burst\": 2, \"mode\": \"hold\", \"hold\": 0.3}");
        JsonPath run = awaitFinished(id, RUN_TIMEOUT);

        assertThat(run.getString("state")).isEqualTo("completed");
        assertThat(run.getLong("successes")).isEqualTo(4);
        assertThat(run.getDouble("elapsedSeconds")).as("two rounds of 0.3 s holds").isGreaterThanOrEqualTo(0.6);
        assertThat(run.getDouble("latencyMillis.max")).as("latency is the borrow, not the hold").isLessThan(300);
        assertThat(run.getString("request.hold")).isEqualTo("PT0.3S");
    }

    @Test
    void intervalIsSecondsAsANumberOrAnIsoDuration() {
        String asNumber = startAccepted("{\"count\": 2, \"interval\": 0.05}");
        assertThat(awaitFinished(asNumber, RUN_TIMEOUT).getString("request.interval")).isEqualTo("PT0.05S");
        String asIso = startAccepted("{\"count\": 2, \"interval\": \"PT0.05S\"}");
        JsonPath run = awaitFinished(asIso, RUN_TIMEOUT);
        assertThat(run.getString("request.interval")).isEqualTo("PT0.05S");
        assertThat(run.getInt("request.burst")).as("default burst").isEqualTo(1);
        assertThat(run.getString("request.mode")).as("default mode").isEqualTo("pooled");
    }

    @Test
    void operationsSlowerThanTheTimeoutCountAsTimedOut() {
        String id = startAccepted("{\"count\": 5, \"interval\": 0, \"timeout\": \"PT0.000001S\"}");
        JsonPath run = awaitFinished(id, RUN_TIMEOUT);

        assertThat(run.getString("state")).isEqualTo("completed");
        assertThat(StabilityApi.failures(run, "timed_out")).as("no round trip takes a microsecond: %s",
                run.prettify()).isEqualTo(5);
        assertThat(run.getLong("successes")).isZero();
        assertThat(run.getString("request.timeout")).isEqualTo("PT0.000001S");
        assertThat(run.getBoolean("verdict.stable")).isFalse();
    }

    @Test
    void cancelStopsARunMidwayAndKeepsWhatItFound() {
        String id = startAccepted("{\"count\": 100000, \"interval\": 0.01, \"burst\": 2}");
        org.awaitility.Awaitility.await("some operations ran").atMost(RUN_TIMEOUT)
                .until(() -> run(id).getLong("progress.done") > 0);

        Response cancelled = cancel(id);

        assertThat(cancelled.statusCode()).as("stopped within the wait: %s", cancelled.asString()).isEqualTo(200);
        JsonPath run = cancelled.jsonPath();
        assertThat(run.getString("state")).isEqualTo("cancelled");
        assertThat(run.getLong("progress.done")).as("stopped before the end").isBetween(1L, 99_999L);
        assertThat(run.getString("verdict.reason")).as("a cancelled run is still judged").isNotBlank();
        assertThat(cancel(id).statusCode()).as("cancelling again changes nothing").isEqualTo(200);
    }

    @Test
    void onlyOneRunAtATimeAndTheConflictNamesTheRunningOne() {
        String id = startAccepted("{\"count\": 100000, \"interval\": 0.05}");

        Response second = start("{\"count\": 1}");

        assertThat(second.statusCode()).as(second.asString()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.jsonPath().getList("running", String.class)).containsExactly(id);
        assertThat(second.jsonPath().getString("detail")).contains("max-concurrent-runs");
    }

    @Test
    void listShowsRecentRunsNewestFirst() {
        String first = startAccepted("{\"count\": 1, \"interval\": 0}");
        awaitFinished(first, RUN_TIMEOUT);
        String second = startAccepted("{\"count\": 1, \"interval\": 0}");
        awaitFinished(second, RUN_TIMEOUT);

        List<String> ids = withKey().get(PATH).then().statusCode(200).extract().jsonPath().getList("id");

        assertThat(ids).as("newest first").containsSubsequence(second, first);
        assertThat(ids.get(0)).isEqualTo(second);
    }

    @Test
    void eventsStreamProgressAndEndsWithTheResult() {
        String id = startAccepted("{\"count\": 30, \"interval\": 0.05}");

        Response stream = withKey().accept("text/event-stream").get(PATH + "/" + id + "/events");

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        List<String> names = new ArrayList<>();
        List<JsonPath> data = new ArrayList<>();
        for (String line : stream.asString().split("\n")) {
            if (line.startsWith("event:")) {
                names.add(line.substring("event:".length()).strip());
            } else if (line.startsWith("data:")) {
                data.add(JsonPath.from(line.substring("data:".length()).strip()));
            }
        }
        assertThat(names).as("progress while running (>= 1/s over a ~1.5 s run), then one result")
                .hasSizeGreaterThanOrEqualTo(2).endsWith("result");
        assertThat(names.subList(0, names.size() - 1)).containsOnly("progress");
        assertThat(data).hasSameSizeAs(names);
        assertThat(data.get(0).getString("id")).isEqualTo(id);
        JsonPath result = data.get(data.size() - 1);
        assertThat(result.getString("state")).isEqualTo("completed");
        assertThat(result.getLong("progress.done")).isEqualTo(30);
        assertThat(result.getString("verdict.reason")).isNotBlank();
    }

    @Test
    void unknownRunIsA404Problem() {
        for (String id : List.of("00000000-0000-0000-0000-000000000000", "not-a-run")) {
            Response response = withKey().get(PATH + "/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).isEqualTo(404);
            assertThat(withKey().delete(PATH + "/" + id).statusCode()).isEqualTo(404);
            assertThat(withKey().get(PATH + "/" + id + "/events").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutTheKeyNothingStarts() {
        int before = withKey().get(PATH).jsonPath().getList("$").size();
        String body = "{\"count\": 1}";

        List<Response> refused = List.of(
                given().contentType(ContentType.JSON).body(body).post(PATH),
                given().header("X-API-Key", "wrong").contentType(ContentType.JSON).body(body).post(PATH),
                given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(body).post(PATH),
                given().contentType(ContentType.JSON).body("{not json").post(PATH),
                given().get(PATH),
                given().get(PATH + "/00000000-0000-0000-0000-000000000000"),
                given().delete(PATH + "/00000000-0000-0000-0000-000000000000"));

        for (Response response : refused) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(response.asString()).as("the key is never echoed").doesNotContain(ApiKeyTestResource.API_KEY);
        }
        assertThat(withKey().get(PATH).jsonPath().getList("$")).as("no run started").hasSize(before);
    }

    @Test
    void bearerTokenIsAcceptedLikeTheHeader() {
        Response response = given().header("Authorization", "Bearer " + ApiKeyTestResource.API_KEY).get(PATH);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("{}", "count"),
                bad("{\"count\": 0}", "count"),
                bad("{\"count\": -5}", "count"),
                bad("{\"count\": 1.5}", "count"),
                bad("{\"count\": \"10\"}", "count"),
                bad("{\"count\": 100000000000000000000000}", "count"),
                bad("{\"count\": 10, \"interval\": -1}", "interval"),
                bad("{\"count\": 10, \"interval\": \"soon\"}", "interval"),
                bad("{\"count\": 10, \"interval\": 1e300}", "interval"),
                bad("{\"count\": 10, \"interval\": \"PT-1S\"}", "interval"),
                bad("{\"count\": 10, \"interval\": true}", "interval"),
                bad("{\"count\": 10, \"burst\": 0}", "burst"),
                bad("{\"count\": 10, \"burst\": 1000}", "burst"),
                bad("{\"count\": 10, \"burst\": 1000, \"mode\": \"fresh\"}", "burst"),
                bad("{\"count\": 10, \"mode\": \"sql\"}", "mode"),
                bad("{\"count\": 10, \"mode\": 3}", "mode"),
                bad("{\"count\": 10, \"mode\": \"hold\"}", "hold"),
                bad("{\"count\": 10, \"mode\": \"hold\", \"hold\": 0}", "hold"),
                bad("{\"count\": 10, \"mode\": \"hold\", \"hold\": \"PT100H\"}", "hold"),
                bad("{\"count\": 10, \"hold\": 1}", "hold"),
                bad("{\"count\": 10, \"timeout\": 0}", "timeout"),
                bad("{\"count\": 10, \"sql\": \"DROP TABLE x\"}", "sql"),
                bad("{\"count\": 10,", "(body)"),
                bad("[1, 2]", "(body)"),
                bad("\"count\"", "(body)"),
                bad("", "(body)"));
    }

    private static Arguments bad(String body, String field) {
        return Arguments.of(body, field);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @MethodSource("badRequests")
    void badInputIsRefusedNamingTheFieldAndNothingStarts(String body, String field) {
        int before = withKey().get(PATH).jsonPath().getList("$").size();

        Response response = start(body);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(400);
        assertThat(response.jsonPath().getList("errors.field")).as(response.asString()).contains(field);
        assertThat(response.jsonPath().getString("detail")).contains(field);
        assertThat(response.asString()).as("no Java class names").doesNotContain("java.", "io.poolguard",
                "com.fasterxml", "Exception");
        assertThat(withKey().get(PATH).jsonPath().getList("$")).as("nothing started").hasSize(before);
    }

    @Test
    void wrongContentTypeIs415() {
        Response response = withKey().contentType(ContentType.TEXT).body("count=10").post(PATH);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).contains("application/json");
    }

    @Test
    void hugeBodyIs413() {
        String huge = "{\"count\": 10, \"mode\": \"" + "x".repeat(100_000) + "\"}";

        Response response = withKey().contentType(ContentType.JSON).body(huge.getBytes(StandardCharsets.UTF_8))
                .post(PATH);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).as("the problem's status member").isEqualTo(413);
        assertThat(response.jsonPath().getString("detail")).as("the problem says the limit")
                .startsWith("The request body is larger than ");
    }

    @Test
    void noPasswordInAnyResponse() {
        String id = startAccepted("{\"count\": 2, \"interval\": 0, \"mode\": \"fresh\"}");
        awaitFinished(id, RUN_TIMEOUT);
        assertThat(withKey().get(PATH).asString()).doesNotContain(PostgresTestResource.PASSWORD);
    }

    private static void assertSaneLatencies(JsonPath run) {
        double p50 = run.getDouble("latencyMillis.p50");
        double p90 = run.getDouble("latencyMillis.p90");
        double p99 = run.getDouble("latencyMillis.p99");
        double p999 = run.getDouble("latencyMillis.p999");
        double max = run.getDouble("latencyMillis.max");
        double mean = run.getDouble("latencyMillis.mean");
        assertThat(p50).as("p50 of real round trips").isPositive();
        assertThat(List.of(p50, p90, p99, p999, max)).as("percentiles in order").isSorted();
        assertThat(mean).as("mean within min..max").isPositive().isLessThanOrEqualTo(max);
        assertThat(max).as("a local round trip under 10 s").isLessThan(10_000);
    }
}
