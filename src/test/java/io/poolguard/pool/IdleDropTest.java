package io.poolguard.pool;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static io.poolguard.testing.DatabaseViewApi.databaseView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.poolguard.testing.FaultHarness;
import io.poolguard.testing.FaultProfile;
import io.poolguard.testing.ReadinessWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Scenario 3 with the default settings: behind a proxy that silently blackholes flows idle for 10 s (a NAT gateway's
 * idle timeout, shortened), the pool sits idle for 15 s, then a serial run of 100. A stock pool validated its dead
 * connections one after another (26 s for the first borrow); here the first unanswered validation makes the rest
 * suspects, dropped without a round trip. Each new connection takes {@link #LOGIN} to open here, as across a WAN or
 * on a busy server: Agroal opens them one at a time, so the borrower must not wait behind the refill of all ten.
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
class IdleDropTest {

    static final Duration IDLE_LIMIT = Duration.ofSeconds(10);
    /** The pool's default validation timeout ({@code poolguard.pool.validation.timeout}). */
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    /** How long a new connection takes to open through the proxy: ten of them in a row exceed the timeout. */
    static final Duration LOGIN = Duration.ofMillis(400);

    FaultHarness harness;

    @AfterEach
    void restore() {
        harness.proxy().dropIdleAfter(null);
        harness.proxy().delayNewFlows(null);
    }

    @Test
    void afterAQuietSpellLongerThanTheNetworksIdleLimitNoBorrowWaitsForMoreThanOneValidation()
            throws InterruptedException {
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        await("the pool holds its min-size connections").atMost(Duration.ofSeconds(20))
                .until(() -> databaseView().getInt("pool.idle") >= 10);
        long suspectsBefore = databaseView().getLong("evictions.byReason.suspect");
        harness.proxy().dropIdleAfter(IDLE_LIMIT);
        harness.proxy().delayNewFlows(LOGIN);
        TimeUnit.SECONDS.sleep(15); // the scenario's quiet spell: nothing may touch the database now

        JsonPath result = awaitFinished(startAccepted("{\"count\": 100, \"interval\": 0}"), Duration.ofSeconds(120));

        System.out.printf("IdleDropTest: slowest operation %.0f ms (validation timeout %d ms, login %d ms), %d"
                + " failures%n", result.getDouble("latencyMillis.max"), VALIDATION_TIMEOUT.toMillis(), LOGIN.toMillis(),
                KilledBackendsTest.totalFailures(result));
        assertThat(harness.proxy().droppedIdleFlows()).as("the proxy dropped the pool's idle flows")
                .isGreaterThanOrEqualTo(1);
        assertThat(KilledBackendsTest.totalFailures(result)).as("failures: %s", result.prettify())
                .isLessThanOrEqualTo(1);
        // the promise: one unanswered validation and its replacement connection, within one validation timeout; a
        // stock pool paid one validation timeout per dead connection, and a borrower behind the refill one login per
        // connection
        assertThat(result.getDouble("latencyMillis.max")).as("slowest operation (ms): %s", result.prettify())
                .isLessThan(VALIDATION_TIMEOUT.toMillis());
        assertThat(databaseView().getLong("evictions.byReason.suspect") - suspectsBefore)
                .as("the other idle connections were dropped unchecked").isGreaterThanOrEqualTo(5);
    }
}
