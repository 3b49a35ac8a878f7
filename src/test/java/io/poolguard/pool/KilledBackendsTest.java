package io.poolguard.pool;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.cancel;
import static io.poolguard.stability.StabilityApi.failures;
import static io.poolguard.stability.StabilityApi.run;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static io.poolguard.testing.DatabaseViewApi.databaseView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.poolguard.stability.StabilityApi;
import io.poolguard.testing.FaultHarness;
import io.poolguard.testing.FaultProfile;
import io.poolguard.testing.ReadinessWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Scenario 1: every pooled backend terminated with {@code pg_terminate_backend}, through the real pool, default
 * settings. HikariCP's figure is 0 of 200 for a serial run half a second after the kill; a stock Agroal pool lost one
 * operation per pooled connection. Everything is read over HTTP (the database view), so the same tests run against
 * the packaged jar and the native executable ({@link KilledBackendsIT}).
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
class KilledBackendsTest {

    static final String APPLICATION_NAME = "poolguard";

    FaultHarness harness;

    @BeforeEach
    void poolFilled() {
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        await("the pool holds its min-size connections").atMost(Duration.ofSeconds(20)).until(() -> {
            JsonPath view = databaseView();
            return view.getInt("pool.active") + view.getInt("pool.idle") >= 10;
        });
    }

    @AfterEach
    void cancelRuns() {
        StabilityApi.cancelActiveRuns();
    }

    @Test
    void aSerialRunOneSecondAfterEveryIdleBackendWasKilledLosesNothing() throws InterruptedException {
        long evictedBefore = evicted("validation_failed");
        int killed = harness.terminatePoolBackends(APPLICATION_NAME);
        assertThat(killed).as("pooled backends terminated").isGreaterThanOrEqualTo(10);
        TimeUnit.SECONDS.sleep(1); // the scenario's pause, not a synchronisation: idle connections are older than 500 ms

        JsonPath result;
        try (ReadinessWatch watch = ReadinessWatch.every(Duration.ofMillis(200))) {
            result = awaitFinished(startAccepted("{\"count\": 200, \"interval\": 0}"), Duration.ofSeconds(60));
            assertThat(watch.readiness()).as("readiness answers during the run").isNotEmpty()
                    .allMatch(a -> a.status() == 200, "readiness stays UP");
        }

        assertThat(result.getLong("successes")).as("every operation succeeded: %s", result.prettify()).isEqualTo(200);
        JsonPath view = databaseView();
        long evicted = view.getLong("evictions.byReason.validation_failed") - evictedBefore;
        assertThat(evicted).as("dead connections caught by their validation, not by a borrower")
                .isGreaterThanOrEqualTo(1);
        // an episode is finished (and shown as the latest) once its evictions have been quiet for 500 ms: a fast
        // run is over before that
        await("the database view shows the latest episode").atMost(Duration.ofSeconds(5))
                .until(() -> databaseView().getString("evictions.last.reason") != null);
        assertThat(view.getString("idleLimit.summary")).as("and which idle limit the settings survive")
                .contains("AWS NAT gateway 350 s: survived");
        assertThat(view.getLong("pool.evictions")).as("the snapshot's total counts them")
                .isGreaterThanOrEqualTo(view.getLong("evictions.byReason.validation_failed"));
    }

    private static long evicted(String reason) {
        return databaseView().getLong("evictions.byReason." + reason);
    }

    /**
     * Readiness validates on its own session, which the kill spares: it must never report the database gone. With
     * ten lanes at full speed, the fault proxy and PostgreSQL on two cores, and ten logins at once after the kill,
     * its own round trip may miss the budget for a moment (timed_out, which is the budget doing its job); that
     * window stays short, and UP follows. Short is two misses in a row, each the budget (800 ms) and a DOWN result's
     * cache (1 s): the round trip under the burst, then the new session readiness opens after it, which meets the
     * ten logins (seen on a quiet 2-core machine: DOWN answers for 2.7 s, "Connection attempt timed out" the second).
     */
    private static void assertReadinessNeverCallsTheDatabaseGone(List<ReadinessWatch.Answer> answers) {
        assertThat(answers).as("readiness answers").isNotEmpty()
                .allMatch(a -> a.status() == 200 || "timed_out".equals(a.failure()),
                        "UP, or a validation past the budget");
        List<Long> down = answers.stream().filter(a -> a.status() != 200).map(ReadinessWatch.Answer::atNanos)
                .toList();
        if (!down.isEmpty()) {
            assertThat(Duration.ofNanos(down.get(down.size() - 1) - down.get(0)))
                    .as("readiness past its budget only for a moment: %s", answers)
                    .isLessThanOrEqualTo(Duration.ofSeconds(4));
            assertThat(answers.get(answers.size() - 1).status()).as("UP again: %s", answers).isEqualTo(200);
        }
    }

    /**
     * Each connection in use when the kill comes fails its lane once. That is the ten lanes' connections, and any
     * other the pool opened meanwhile (a database view borrowing while every connection was lent out) and lends in
     * turn: with it, eleven connections rotate among ten lanes, none idle long enough to be validated first.
     */
    @Test
    void backendsKilledInTheMiddleOfABurstCostAtMostOneFailurePerKilledConnectionAndNoneAfterTheFirstSecond()
            throws InterruptedException {
        String id = startAccepted("{\"count\": 10000000, \"interval\": 0, \"burst\": 10}");
        await("the burst runs").atMost(Duration.ofSeconds(30)).until(() -> run(id).getLong("successes") >= 2000);

        long lostBefore = evicted("connection_lost");
        JsonPath afterOneSecond;
        JsonPath result;
        int killed;
        try (ReadinessWatch watch = ReadinessWatch.every(Duration.ofMillis(200))) {
            killed = harness.terminatePoolBackends(APPLICATION_NAME);
            assertThat(killed).as("pooled backends terminated").isGreaterThanOrEqualTo(10);
            TimeUnit.SECONDS.sleep(1);
            afterOneSecond = run(id);
            long successesThen = afterOneSecond.getLong("successes");
            await("the burst goes on").atMost(Duration.ofSeconds(30))
                    .until(() -> run(id).getLong("successes") >= successesThen + 5000);
            cancel(id).then().statusCode(200);
            result = awaitFinished(id, Duration.ofSeconds(10));
            assertReadinessNeverCallsTheDatabaseGone(watch.readiness());
        }

        long failed = totalFailures(result);
        assertThat(failed).as("at most one failure per killed connection (%d killed): %s", killed, result.prettify())
                .isLessThanOrEqualTo(killed);
        assertThat(failed).as("no failure after the first second").isEqualTo(totalFailures(afterOneSecond));
        assertThat(failed).as("every failure is connection_closed: %s", result.prettify())
                .isEqualTo(failures(result, "connection_closed"));
        assertThat(evicted("connection_lost") - lostBefore)
                .as("each lent connection that failed was evicted").isEqualTo(failed);
    }

    static long totalFailures(JsonPath run) {
        return run.getMap("failures", String.class, Long.class).values().stream().mapToLong(Long::longValue).sum();
    }
}
