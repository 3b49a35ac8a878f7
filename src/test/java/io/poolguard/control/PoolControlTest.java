package io.poolguard.control;

import static io.poolguard.control.PoolApi.flushed;
import static io.poolguard.control.PoolApi.resized;
import static io.poolguard.testing.ServerSessions.poolPids;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.metrics.Scrape;
import io.poolguard.stability.StabilityApi;
import io.poolguard.testing.InjectPostgres;
import io.poolguard.testing.ServerSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Runtime control over HTTP only, checked on the server's side of the wire (backend pids in
 * {@code pg_stat_activity}), so {@link PoolControlIT} runs the same against the packaged application.
 */
@QuarkusTest
@TestProfile(PoolControlProfile.class)
class PoolControlTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectPostgres
    LocalPostgresServer postgres;

    @BeforeEach
    void poolAtItsConfiguredSize() {
        await("the pool holds its min-size on the server").atMost(WAIT)
                .until(() -> poolPids(postgres).size() >= PoolControlProfile.MIN_SIZE);
    }

    @AfterEach
    void restore() {
        StabilityApi.cancelActiveRuns();
        if (!PoolApi.limits().getList("overrides").isEmpty()) {
            PoolApi.restoreConfigured();
        }
    }

    @Test
    void flushAllReplacesEveryPooledConnection() {
        Set<Integer> before = poolPids(postgres);

        JsonPath result = flushed("all");

        assertThat(result.getString("mode")).isEqualTo("all");
        assertThat(result.getLong("closed")).as("every connection closed: %s", result.prettify())
                .isGreaterThanOrEqualTo(before.size());
        assertThat(result.getLong("opened")).as("refilled to min-size").isGreaterThanOrEqualTo(
                PoolControlProfile.MIN_SIZE);
        await("no backend of before the flush is left; the pool is back at min-size").atMost(WAIT)
                .untilAsserted(() -> {
                    Set<Integer> after = poolPids(postgres);
                    assertThat(after).as("pids before %s", before).doesNotContainAnyElementsOf(before)
                            .hasSizeGreaterThanOrEqualTo(PoolControlProfile.MIN_SIZE);
                });
    }

    @Test
    void flushGracefulReplacesIdleConnectionsAtOnceAndBusyOnesWhenTheyComeBack() {
        String hold = holdOneConnection();
        Set<Integer> before = poolPids(postgres);

        JsonPath result = flushed("graceful");

        assertThat(result.getLong("draining")).as("the held connection drains: %s", result.prettify())
                .isEqualTo(1);
        assertThat(result.getLong("closed")).as("every idle one closed at once")
                .isEqualTo(result.getLong("before.active") + result.getLong("before.idle") - 1);
        await("only the held backend is left of before the flush").atMost(WAIT)
                .untilAsserted(() -> assertThat(intersection(before, poolPids(postgres))).hasSize(1));
        StabilityApi.cancel(hold).then().statusCode(200);
        JsonPath run = StabilityApi.awaitFinished(hold, WAIT);
        assertThat(run.getLong("successes")).as("the borrower holding the connection was not disturbed: %s",
                run.prettify()).isEqualTo(1);
        await("the held backend is closed once it came back").atMost(WAIT)
                .untilAsserted(() -> assertThat(intersection(before, poolPids(postgres))).isEmpty());
    }

    @Test
    void theConnectionsAnOperatorsFlushTakesOutCountAsRequestedEvictions() {
        String hold = holdOneConnection();
        long requestedBefore = evictions("requested");

        JsonPath graceful = flushed("graceful");

        assertThat(evictions("requested") - requestedBefore)
                .as("the idle ones closed and the lent one draining: %s", graceful.prettify())
                .isEqualTo(graceful.getLong("closed") + graceful.getLong("draining"))
                .isEqualTo(graceful.getLong("before.active") + graceful.getLong("before.idle"));
        StabilityApi.cancel(hold).then().statusCode(200);
        StabilityApi.awaitFinished(hold, WAIT);

        // an invalid flush closes only what fails validation, which the validator counts (once) as validation_failed
        await("the pool is back at min-size").atMost(WAIT)
                .until(() -> poolPids(postgres).size() >= PoolControlProfile.MIN_SIZE);
        long requested = evictions("requested");
        long failedValidation = evictions("validation_failed");
        ServerSessions.terminate(postgres, poolPids(postgres).iterator().next());

        JsonPath invalid = flushed("invalid");

        assertThat(invalid.getLong("closed")).as(invalid.prettify()).isEqualTo(1);
        assertThat(evictions("requested")).as("not counted twice").isEqualTo(requested);
        assertThat(evictions("validation_failed")).isEqualTo(failedValidation + 1);
    }

    @Test
    void flushIdleClosesIdleConnectionsDownToMinSize() {
        // three at once grow the pool past its min-size of two
        String grow = StabilityApi.startAccepted(
                "{\"count\": 3, \"burst\": 3, \"interval\": 0, \"mode\": \"hold\", \"hold\": 0.5}");
        StabilityApi.awaitFinished(grow, WAIT);
        await("the pool grew past min-size").atMost(WAIT)
                .until(() -> poolPids(postgres).size() > PoolControlProfile.MIN_SIZE);

        JsonPath result = flushed("idle");

        assertThat(result.getLong("after.active") + result.getLong("after.idle")).as(result.prettify())
                .isEqualTo(PoolControlProfile.MIN_SIZE);
        assertThat(result.getLong("opened")).as("an idle flush does not refill").isZero();
        await("the server sees min-size pool sessions").atMost(WAIT)
                .until(() -> poolPids(postgres).size() == PoolControlProfile.MIN_SIZE);
    }

    @Test
    void flushInvalidRemovesOnlyTheConnectionTheServerKilled() {
        Set<Integer> before = poolPids(postgres);
        int killed = before.iterator().next();
        ServerSessions.terminate(postgres, killed);

        JsonPath result = flushed("invalid");

        assertThat(result.getLong("closed")).as("only the dead one: %s", result.prettify()).isEqualTo(1);
        await("the others stay, the pool refills").atMost(WAIT).untilAsserted(() -> {
            Set<Integer> after = poolPids(postgres);
            Set<Integer> survivors = new HashSet<>(before);
            survivors.remove(killed);
            assertThat(after).doesNotContain(killed).containsAll(survivors)
                    .hasSizeGreaterThanOrEqualTo(PoolControlProfile.MIN_SIZE);
        });
    }

    @Test
    void flushLeakClosesOnlyTheConnectionHeldPastTheLeakInterval() {
        String hold = holdOneConnection();
        Set<Integer> before = poolPids(postgres);
        // the profile's leak-detection interval is 1 s
        await("the held connection counts as a leak").pollDelay(Duration.ofMillis(1200)).atMost(WAIT)
                .until(() -> true);

        JsonPath result = flushed("leak");

        assertThat(result.getLong("closed")).as("the held one only: %s", result.prettify()).isEqualTo(1);
        await("one backend closed, the rest untouched").atMost(WAIT)
                .untilAsserted(() -> assertThat(intersection(before, poolPids(postgres))).hasSize(before.size() - 1));
        StabilityApi.cancel(hold);
    }

    @Test
    void aConnectionHeldPastTheLeakIntervalShowsItsThreadAndStackInTheDatabaseView() {
        assertThat(database().getInt("leaks.count")).as("no leak before").isZero();
        String hold = holdOneConnection();

        await("the held connection is reported as a leak").atMost(WAIT)
                .until(() -> database().getInt("leaks.count") == 1);
        JsonPath leaks = JsonPath.from(database().prettify()).setRootPath("leaks");
        assertThat(leaks.getDouble("interval")).isEqualTo(1.0);
        assertThat(leaks.getBoolean("extendedReport")).isTrue();
        assertThat(leaks.getString("holders[0].since")).isNotBlank();
        assertThat(leaks.getDouble("holders[0].heldFor")).isGreaterThan(1.0);
        assertThat(leaks.getString("holders[0].threadState")).isIn("WAITING", "TIMED_WAITING");
        List<String> stack = leaks.getList("holders[0].stack");
        assertThat(stack).as("where the holder waits now").hasSizeBetween(1, 8)
                .anyMatch(frame -> frame.contains("StabilityRun.awaitCancel"));
        assertThat(leaks.getList("holders[0].acquiredAt", String.class)).as("where it borrowed (extended report)")
                .anyMatch(frame -> frame.contains("Operations.hold"))
                .noneMatch(frame -> frame.startsWith("io.agroal."));
        String thread = leaks.getString("holders[0].thread");
        assertThat(thread).isNotBlank();
        assertThat(leaks.prettify()).as("no SQL").doesNotContain("SELECT");

        StabilityApi.cancel(hold).then().statusCode(200);
        await("a returned connection is no leak").atMost(WAIT).until(() -> database().getInt("leaks.count") == 0);
    }

    @Test
    void raisingMinSizeOpensConnectionsAtOnceAndFillHasNothingLeftToDo() {
        JsonPath resized = resized("{\"minSize\": 4}");

        assertThat(resized.getInt("effective.minSize")).isEqualTo(4);
        await("the server sees the new min-size").atMost(WAIT).until(() -> poolPids(postgres).size() >= 4);
        Set<Integer> before = poolPids(postgres);

        JsonPath fill = flushed("fill");

        assertThat(fill.getLong("opened")).as("already at min-size: %s", fill.prettify()).isZero();
        assertThat(fill.getLong("closed")).isZero();
        assertThat(poolPids(postgres)).as("a fill closes nothing").containsAll(before);
    }

    @Test
    void resizeUpAndDownUnderAStabilityRunFailsNothing() {
        String run = StabilityApi.startAccepted("{\"count\": 600, \"burst\": 3, \"interval\": 0.01}");
        await("the run is under way").atMost(WAIT).until(() -> StabilityApi.run(run).getLong("progress.done") > 20);

        resized("{\"maxSize\": 1, \"minSize\": 1}");
        await("the pool shrinks to one session on the server while the run goes on").atMost(WAIT)
                .until(() -> poolPids(postgres).size() == 1);
        resized("{\"maxSize\": 5, \"minSize\": 3}");
        JsonPath finished = StabilityApi.awaitFinished(run, Duration.ofSeconds(60));

        assertThat(finished.getLong("successes")).as("every operation succeeded through both resizes: %s",
                finished.prettify()).isEqualTo(600);
        assertThat(finished.getMap("failures", String.class, Integer.class).values()).as("no failure of any class")
                .allMatch(n -> n == 0);
        await("the pool grew back to the new min-size").atMost(WAIT).until(() -> poolPids(postgres).size() >= 3);
    }

    @Test
    void overridesShowConfiguredBesideEffectiveUntilRestored() {
        assertThat(PoolApi.limits().getList("overrides")).as("nothing overridden at first").isEmpty();

        JsonPath resized = resized("{\"maxSize\": 4, \"acquisitionTimeout\": \"PT5S\"}");

        assertThat(resized.getInt("effective.maxSize")).isEqualTo(4);
        assertThat(resized.getInt("configured.maxSize")).isEqualTo(PoolControlProfile.MAX_SIZE);
        List<Map<String, Object>> overrides = PoolApi.limits().getList("overrides");
        assertThat(overrides).extracting(o -> o.get("setting")).containsExactly("maxSize", "acquisitionTimeout");
        assertThat(overrides.get(0)).containsEntry("configured", PoolControlProfile.MAX_SIZE)
                .containsEntry("effective", 4);
        assertThat(database().getList("overrides")).as("the database view shows them too").isEqualTo(overrides);
        assertThat(database().getInt("config.maxSize")).as("config is what Agroal runs with").isEqualTo(4);
        PoolApi.restoreConfigured();
        assertThat(PoolApi.limits().getList("overrides")).as("restored").isEmpty();
        assertThat(database().getList("overrides")).isEmpty();
    }

    @Test
    void everyActionIsAuditedNewestFirstAndCounted() {
        double flushesBefore = actionCount("flush_graceful");
        double resizesBefore = actionCount("resize");

        flushed("graceful");
        resized("{\"maxSize\": 4}");

        JsonPath audit = PoolApi.actions();
        assertThat(audit.getInt("capacity")).isEqualTo(50);
        List<Map<String, Object>> actions = audit.getList("actions");
        assertThat(actions).extracting(a -> a.get("action")).startsWith("resize", "flush");
        JsonPath resize = JsonPath.from(audit.prettify()).setRootPath("actions[0]");
        assertThat(resize.getString("outcome")).isEqualTo("max-size 5 -> 4");
        assertThat(resize.getInt("before.maxSize")).isEqualTo(5);
        assertThat(resize.getInt("after.maxSize")).isEqualTo(4);
        assertThat(resize.getString("caller")).as("the caller's address").isEqualTo("127.0.0.1");
        assertThat(resize.getString("mode")).isNull();
        JsonPath flush = JsonPath.from(audit.prettify()).setRootPath("actions[1]");
        assertThat(flush.getString("mode")).isEqualTo("graceful");
        assertThat(flush.getLong("sequence")).isEqualTo(resize.getLong("sequence") - 1);
        assertThat(actionCount("flush_graceful"))
                .isEqualTo(flushesBefore + 1);
        assertThat(actionCount("resize")).isEqualTo(resizesBefore + 1);
    }

    @Test
    void overBudgetMaxSizeIsAppliedOnlyWithForce() {
        // the test server allows 100 - 3 = 97 ordinary connections: 96 + 1 readiness fits, 97 + 1 does not
        Unchanged unchanged = Unchanged.now(postgres);
        Response refused = PoolApi.patch("{\"maxSize\": 97}");

        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getList("errors.field")).containsExactly("maxSize");
        assertThat(refused.jsonPath().getString("detail")).contains("over budget", "force");
        assertThat(refused.jsonPath().getBoolean("budget.withinBudget")).isFalse();
        unchanged.verify();

        JsonPath forced = resized("{\"maxSize\": 97, \"force\": true}");

        assertThat(forced.getInt("effective.maxSize")).isEqualTo(97);
        assertThat(forced.getBoolean("budget.withinBudget")).isFalse();
        assertThat(PoolApi.patch("{\"maxSize\": 101, \"force\": true}").statusCode())
                .as("never above the server's max_connections, forced or not").isEqualTo(400);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                patch("{\"maxSize\": 0}", "maxSize"),
                patch("{\"maxSize\": -3}", "maxSize"),
                patch("{\"maxSize\": 2.5}", "maxSize"),
                patch("{\"maxSize\": \"10\"}", "maxSize"),
                patch("{\"maxSize\": 100000}", "maxSize"),
                patch("{\"maxSize\": 1}", "maxSize"),
                patch("{\"minSize\": 6}", "minSize"),
                patch("{\"minSize\": -1}", "minSize"),
                patch("{\"maxSize\": 3, \"minSize\": 4}", "minSize"),
                patch("{\"acquisitionTimeout\": 0}", "acquisitionTimeout"),
                patch("{\"acquisitionTimeout\": \"soon\"}", "acquisitionTimeout"),
                patch("{\"acquisitionTimeout\": \"PT1H\"}", "acquisitionTimeout"),
                patch("{\"acquisitionTimeout\": 1e300}", "acquisitionTimeout"),
                patch("{\"maxSize\": 98}", "maxSize"),
                patch("{\"maxSize\": 4, \"force\": \"yes\"}", "force"),
                patch("{\"maxSize\": 4, \"maxLifetime\": 10}", "maxLifetime"),
                patch("{}", "(body)"),
                patch("{\"force\": true}", "(body)"),
                patch("[4]", "(body)"),
                patch("", "(body)"),
                flush("{\"mode\": \"everything\"}", "mode"),
                flush("{\"mode\": 1}", "mode"),
                flush("{}", "mode"),
                flush("", "mode"));
    }

    private static Arguments patch(String body, String field) {
        return Arguments.of("PATCH", body, field);
    }

    private static Arguments flush(String body, String field) {
        return Arguments.of("POST", body, field);
    }

    @ParameterizedTest(name = "{0} {1} -> 400 naming {2}")
    @MethodSource("refusals")
    void badRequestsAreRefusedNamingTheFieldAndChangeNothing(String method, String body, String field) {
        Unchanged unchanged = Unchanged.now();
        RequestSpecification request = StabilityApi.withKey().contentType(ContentType.JSON).body(body);

        Response response = "PATCH".equals(method) ? request.patch(PoolApi.POOL) : request.post(PoolApi.FLUSH);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getList("errors.field")).as(response.asString()).contains(field);
        assertThat(response.asString()).as("no Java class names").doesNotContain("java.", "io.poolguard",
                "com.fasterxml", "Exception");
        unchanged.verify();
    }

    @Test
    void withoutTheRightKeyNothingChanges() {
        Unchanged unchanged = Unchanged.now(postgres);

        List<Response> refused = List.of(
                given().contentType(ContentType.JSON).body("{\"mode\": \"all\"}").post(PoolApi.FLUSH),
                given().header("X-API-Key", "wrong").contentType(ContentType.JSON).body("{\"mode\": \"all\"}")
                        .post(PoolApi.FLUSH),
                given().contentType(ContentType.JSON).body("{\"maxSize\": 4}").patch(PoolApi.POOL),
                given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON)
                        .body("{\"maxSize\": 4}").patch(PoolApi.POOL),
                given().get(PoolApi.ACTIONS),
                given().get(PoolApi.POOL));

        for (Response response : refused) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        unchanged.verify();
    }

    private static JsonPath database() {
        return given().get("/api/v1/hc/database").then().statusCode(200).extract().jsonPath();
    }

    private static long evictions(String reason) {
        return database().getLong("evictions.byReason." + reason);
    }

    private static double actionCount(String action) {
        return Scrape.fetch().value("poolguard_pool_actions_total", Map.of("action", action)).orElseThrow();
    }

    /** Starts a hold run that keeps one pool connection until it is cancelled; returns once it is lent out. */
    private static String holdOneConnection() {
        String id = StabilityApi.startAccepted("{\"count\": 1, \"interval\": 0, \"mode\": \"hold\", \"hold\": 120}");
        await("the hold run has its connection").atMost(WAIT)
                .until(() -> database().getLong("pool.active") >= 1);
        return id;
    }

    private static Set<Integer> intersection(Set<Integer> a, Set<Integer> b) {
        Set<Integer> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }

    /** The limits, the audit and the pool's backends before a refused request, to compare after it. */
    private record Unchanged(LocalPostgresServer postgres, String limits, long lastAction, Set<Integer> pids) {

        /** Limits and audit only: cheap enough for every refusal. */
        static Unchanged now() {
            return new Unchanged(null, PoolApi.limits().getString("effective"), newestAction(), null);
        }

        /** Also the pool's backends on the server. */
        static Unchanged now(LocalPostgresServer postgres) {
            return new Unchanged(postgres, PoolApi.limits().getString("effective"), newestAction(), poolPids(postgres));
        }

        private static long newestAction() {
            List<Map<String, Object>> actions = PoolApi.actions().getList("actions");
            return actions.isEmpty() ? 0 : ((Number) actions.get(0).get("sequence")).longValue();
        }

        void verify() {
            assertThat(PoolApi.limits().getString("effective")).as("limits unchanged").isEqualTo(limits);
            assertThat(newestAction()).as("nothing audited").isEqualTo(lastAction);
            if (postgres != null) {
                assertThat(poolPids(postgres)).as("no backend opened or closed").isEqualTo(pids);
            }
        }
    }
}
