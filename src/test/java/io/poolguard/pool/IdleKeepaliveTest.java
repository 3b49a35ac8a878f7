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
import io.poolguard.testing.KeepaliveFaultProfile;
import io.poolguard.testing.ReadinessWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Scenario 3 with a keepalive below the idle limit: background validation every 4 s keeps every pooled flow busy
 * enough that the proxy's 10 s idle drop never takes one, so a run after a 15 s quiet spell loses nothing.
 */
@QuarkusTest
@TestProfile(KeepaliveFaultProfile.class)
class IdleKeepaliveTest {

    FaultHarness harness;

    @AfterEach
    void restore() {
        harness.proxy().dropIdleAfter(null);
    }

    @Test
    void aBackgroundValidationBelowTheIdleLimitKeepsEveryPooledConnectionAlive() throws InterruptedException {
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        await("the pool holds its min-size connections").atMost(Duration.ofSeconds(20))
                .until(() -> databaseView().getInt("pool.idle") >= 10);
        long evictedBefore = databaseView().getLong("evictions.total");
        harness.proxy().dropIdleAfter(IdleDropTest.IDLE_LIMIT);
        TimeUnit.SECONDS.sleep(15);

        JsonPath result = awaitFinished(startAccepted("{\"count\": 100, \"interval\": 0}"), Duration.ofSeconds(60));

        assertThat(KilledBackendsTest.totalFailures(result)).as("failures: %s", result.prettify()).isZero();
        assertThat(result.getDouble("latencyMillis.max")).as("slowest operation (ms): no validation timed out")
                .isLessThan(IdleDropTest.VALIDATION_TIMEOUT.toMillis());
        assertThat(databaseView().getLong("evictions.total") - evictedBefore).as("no pooled connection was lost")
                .isZero();
    }
}
