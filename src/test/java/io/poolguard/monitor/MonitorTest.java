package io.poolguard.monitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.poolguard.stability.StabilityApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The monitor seen from outside: history endpoint and tick metrics (HTTP only; MonitorIT runs it packaged). */
@QuarkusTest
@TestProfile(MonitorTestProfile.class)
class MonitorTest {

    @Test
    void historyIsBoundedAndNewestFirst() {
        JsonPath history = await().atMost(Duration.ofSeconds(30))
                .until(MonitorTest::history, h -> h.getInt("samples[0].sequence") > MonitorTestProfile.HISTORY_SIZE + 2);

        List<Integer> sequences = history.getList("samples.sequence", Integer.class);
        assertThat(sequences).as("only the configured number of samples is kept")
                .hasSize(MonitorTestProfile.HISTORY_SIZE);
        assertThat(sequences).as("newest first, one sample per tick")
                .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(sequences.get(0) - sequences.get(sequences.size() - 1)).as("consecutive samples")
                .isEqualTo(MonitorTestProfile.HISTORY_SIZE - 1);
        List<String> times = history.getList("samples.at", String.class);
        assertThat(Instant.parse(times.get(0))).as("newest first in time too")
                .isAfter(Instant.parse(times.get(times.size() - 1)));
        assertThat(history.getInt("capacity")).isEqualTo(MonitorTestProfile.HISTORY_SIZE);
        assertThat(history.getDouble("intervalSeconds")).isEqualTo(0.2);
    }

    @Test
    void eachSampleCarriesThePoolAndTheServerSide() {
        JsonPath history = await().atMost(Duration.ofSeconds(30))
                .until(MonitorTest::history, h -> "UP".equals(h.getString("samples[0].server.status")));

        Map<String, Object> pool = history.getMap("samples[0].pool");
        assertThat(pool).as("pool state of the newest sample, as the database view shows it")
                .containsEntry("maxSize", MonitorTestProfile.POOL_MAX_SIZE)
                .containsKeys("active", "idle", "awaiting", "utilisation", "saturated", "acquisitionTimeouts",
                        "invalid", "leakDetections");
        assertThat(history.getDouble("samples[0].pool.utilisation")).as("a share of max-size, 0 to 1")
                .isBetween(0.0, 1.0);
        assertThat(history.getMap("samples[0].poolDelta")).as("counter increases since the previous sample")
                .containsKeys("acquisitionTimeouts", "invalid", "leakDetections");
        assertThat(history.getInt("samples[0].server.view.maxConnections")).as("the embedded server's limit")
                .isEqualTo(100);
        assertThat(history.getInt("samples[0].server.view.ours.total")).as("our sessions seen on the server")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void onASaturatedPoolTheMonitorKeepsThePreviousServerViewAndDoesNotQueue() {
        // the pool grown to max-size first: while it grows from its min-size, the lanes below wait for new
        // connections, and a refresh that checked just before they took the last one waits behind them like any
        // borrower (seen in CI); with every connection open the lanes take theirs in microseconds
        StabilityApi.awaitFinished(holdEveryConnection(1), Duration.ofSeconds(10));
        await("a sample with a fresh server view").atMost(Duration.ofSeconds(30))
                .until(MonitorTest::history, h -> h.getBoolean("samples[0].serverRefreshed"));
        String hold = holdEveryConnection(5);
        try {
            // every connection lent out in both samples, which only a borrowing monitor could then wait behind
            JsonPath saturated = await("two samples in a row with every connection lent out")
                    .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(MonitorTest::history,
                            h -> allLentOut(h, "samples[0]") && allLentOut(h, "samples[1]"));
            for (int i = 0; i < 2; i++) {
                String sample = "samples[" + i + "]";
                assertThat(saturated.getBoolean(sample + ".serverRefreshed"))
                        .as("%s reuses an earlier server view: %s", sample, saturated.prettify()).isFalse();
                assertThat(saturated.getInt(sample + ".pool.awaiting"))
                        .as("the monitor did not queue: %s", saturated.prettify()).isZero();
            }
            assertThat(saturated.getString("samples[0].server.sampledAt"))
                    .isEqualTo(saturated.getString("samples[1].server.sampledAt"));
        } finally {
            StabilityApi.cancel(hold).then().statusCode(200);
            StabilityApi.awaitFinished(hold, Duration.ofSeconds(10));
        }
    }

    /** A hold run that lends out every connection of the pool for {@code seconds}. */
    private static String holdEveryConnection(int seconds) {
        return StabilityApi.startAccepted("{\"count\": " + MonitorTestProfile.POOL_MAX_SIZE + ", \"burst\": "
                + MonitorTestProfile.POOL_MAX_SIZE + ", \"interval\": 0, \"mode\": \"hold\", \"hold\": " + seconds
                + "}");
    }

    private static boolean allLentOut(JsonPath history, String sample) {
        // null-safe: the history may not hold two samples yet
        return Boolean.TRUE.equals(history.get(sample + ".pool.saturated"))
                && Integer.valueOf(MonitorTestProfile.POOL_MAX_SIZE).equals(history.get(sample + ".pool.active"));
    }

    @Test
    void ticksAreCountedByOutcome() {
        double before = okTicks();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(okTicks())
                .as("the monitor keeps ticking and counts it").isGreaterThanOrEqualTo(before + 3));
        String metrics = metrics();
        assertThat(metrics).as("every outcome is exported, even at 0")
                .contains("poolguard_monitor_ticks_total{outcome=\"failed\"}")
                .contains("poolguard_monitor_ticks_total{outcome=\"late\"}");
    }

    static JsonPath history() {
        return given().when().get("/api/v1/hc/database/history")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double okTicks() {
        return counter(metrics(), "poolguard_monitor_ticks_total{outcome=\"ok\"}");
    }

    /** The value of one exported series, 0 when absent. */
    public static double counter(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }
}
