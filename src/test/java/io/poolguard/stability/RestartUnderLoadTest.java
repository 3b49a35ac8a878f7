package io.poolguard.stability;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.cancel;
import static io.poolguard.stability.StabilityApi.run;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * Scenario 2: the server restarted (fast shutdown) under a burst-10 run. Failures only while it is down, none from
 * a second after it accepts again; readiness DOWN and back UP; liveness untouched; and the run's verdict names the
 * outage instead of calling a run with a two-second hole "stable".
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
class RestartUnderLoadTest {

    /**
     * Readiness promises: DOWN within budget + TTL of the server going down, and UP again without a restart once
     * the server answers. How soon is a figure, printed, not a timed assertion: a server that has just started, with
     * ten lanes logging in at once on two cores, can take longer than the 800 ms answer budget to accept readiness'
     * own new connection (seen in CI: UP 2.1 s and more than 3 s after pg_ctl returned), so the bound here only
     * says "UP again".
     */
    static final Duration BUDGET = Duration.ofSeconds(1);
    static final Duration TTL = Duration.ofSeconds(2);
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration UP_AFTER_ACCEPTING = Duration.ofSeconds(15);

    FaultHarness harness;

    @AfterEach
    void restore() {
        harness.primary().startServer();
        StabilityApi.cancelActiveRuns();
    }

    @Test
    void aRestartUnderLoadFailsOnlyWhileTheServerIsDownAndTheVerdictNamesTheOutage() throws InterruptedException {
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        String id = startAccepted("{\"count\": 10000000, \"interval\": 0, \"burst\": 10}");
        await("the burst runs").atMost(Duration.ofSeconds(30)).until(() -> run(id).getLong("successes") >= 2000);

        JsonPath oneSecondAfterAccepting;
        JsonPath result;
        long stoppedAt;
        long acceptingAt;
        List<ReadinessWatch.Answer> readiness;
        List<ReadinessWatch.Answer> liveness;
        try (ReadinessWatch watch = ReadinessWatch.every(POLL)) {
            harness.primary().stop();
            // pg_ctl returns once the server is gone; its shutdown checkpoint under this load can take a second or
            // more, and readiness cannot be asked to see a server down before it is
            stoppedAt = System.nanoTime();
            ReadinessWatch.awaitDown(Duration.ofSeconds(10), "unreachable", "connection_closed", "timed_out");
            TimeUnit.SECONDS.sleep(2); // the server stays down a while
            harness.primary().startServer(); // returns once the server accepts connections (pg_ctl -w)
            acceptingAt = System.nanoTime();
            TimeUnit.SECONDS.sleep(1);
            oneSecondAfterAccepting = run(id);
            long successesThen = oneSecondAfterAccepting.getLong("successes");
            await("the burst goes on").atMost(Duration.ofSeconds(30))
                    .until(() -> run(id).getLong("successes") >= successesThen + 5000);
            cancel(id).then().statusCode(200);
            result = awaitFinished(id, Duration.ofSeconds(10));
            // the watch goes on until readiness is UP again, so its answers hold the first UP
            ReadinessWatch.awaitReady(UP_AFTER_ACCEPTING);
            readiness = watch.readiness();
            liveness = watch.liveness();
        }

        Map<String, Long> failures = result.getMap("failures", String.class, Long.class);
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        assertThat(failed).as("the outage shows as failures: %s", result.prettify()).isPositive();
        assertThat(failures.get("unreachable") + failures.get("connection_closed"))
                .as("every failure is unreachable or connection_closed: %s", failures).isEqualTo(failed);
        assertThat(failed).as("no failure from a second after the server accepts again")
                .isEqualTo(oneSecondAfterAccepting.getMap("failures", String.class, Long.class).values().stream()
                        .mapToLong(Long::longValue).sum());

        long firstDown = readiness.stream().filter(a -> a.atNanos() > stoppedAt && a.status() == 503)
                .mapToLong(ReadinessWatch.Answer::atNanos).min().orElseThrow();
        assertThat(Duration.ofNanos(firstDown - stoppedAt))
                .as("readiness DOWN within budget + TTL of the server being down")
                .isLessThan(BUDGET.plus(TTL).plus(POLL));
        long firstUp = readiness.stream().filter(a -> a.atNanos() > acceptingAt && a.status() == 200)
                .mapToLong(ReadinessWatch.Answer::atNanos).min().orElseThrow();
        // a figure for docs/connection-failures.md
        System.out.printf("restart: readiness UP %d ms after the server accepted again%n",
                (firstUp - acceptingAt) / 1_000_000);
        assertThat(Duration.ofNanos(firstUp - acceptingAt)).as("readiness UP again after the server accepts")
                .isLessThan(UP_AFTER_ACCEPTING);
        assertThat(liveness).as("liveness answers").isNotEmpty().allMatch(a -> a.status() == 200, "liveness UP");

        assertThat(result.getBoolean("verdict.stable")).as("a run across a restart is not stable: %s",
                result.getString("verdict.reason")).isFalse();
        assertThat(result.getString("verdict.reason")).contains("outage", "without a successful operation");
        // the restart is the first outage; on a loaded machine a later stretch where every lane was blocked for over
        // a second (no failure, no success) is reported as an outage too, and must hold no failure
        List<Map<String, Object>> outages = result.getList("outages");
        assertThat(outages).as("the outage window").isNotEmpty();
        assertThat(outages.subList(1, outages.size())).as("later outages: stalls without a failure: %s", outages)
                .allMatch(o -> ((Map<?, ?>) o.get("failures")).values().stream()
                        .mapToLong(v -> ((Number) v).longValue()).sum() == 0);
        assertThat(result.getString("outages[0].from")).isNotBlank();
        assertThat(result.getString("outages[0].to")).isNotBlank();
        assertThat(result.getDouble("outages[0].seconds")).as("outage length (s)").isGreaterThanOrEqualTo(2.0);
        assertThat(result.getMap("outages[0].failures", String.class, Long.class).values().stream()
                .mapToLong(Long::longValue).sum()).as("the outage holds every failure").isEqualTo(failed);
    }
}
