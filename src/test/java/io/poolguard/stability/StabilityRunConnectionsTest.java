package io.poolguard.stability;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.cancel;
import static io.poolguard.stability.StabilityApi.failures;
import static io.poolguard.stability.StabilityApi.run;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.testing.InjectPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** What runs do to the pool and across a database outage: needs the data source and the server, so no IT twin. */
@QuarkusTest
class StabilityRunConnectionsTest {

    @Inject
    AgroalDataSource dataSource;

    @InjectPostgres
    LocalPostgresServer postgres;

    @AfterEach
    void restoreDatabaseAndCancelRuns() {
        postgres.startServer();
        StabilityApi.cancelActiveRuns();
    }

    @Test
    void cancellingAHoldRunMidwayGivesEveryConnectionBack() {
        long baseline = dataSource.getMetrics().activeCount();
        String id = startAccepted("{\"count\": 1000, \"interval\": 0, \"burst\": 5, \"mode\": \"hold\","
                + " \"hold\": \"PT30S\"}");
        await("the run holds five connections").atMost(Duration.ofSeconds(20))
                .until(() -> dataSource.getMetrics().activeCount() == baseline + 5);

        long start = System.nanoTime();
        Response cancelled = cancel(id);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(cancelled.statusCode()).as("stopped within the cancel wait: %s", cancelled.asString())
                .isEqualTo(200);
        assertThat(cancelled.jsonPath().getString("state")).isEqualTo("cancelled");
        assertThat(took).as("a 30 s hold ends at once on cancel").isLessThan(Duration.ofSeconds(5));
        assertThat(dataSource.getMetrics().activeCount()).as("no connection left checked out").isEqualTo(baseline);
        assertThat(cancelled.jsonPath().getLong("successes")).as("the five borrows made before the cancel count")
                .isEqualTo(5);
        assertThat(cancelled.jsonPath().getLong("progress.done")).isEqualTo(5);
    }

    @Test
    void cancellingWhileBorrowersWaitForAFullPoolGivesEveryConnectionBack() {
        long baseline = dataSource.getMetrics().activeCount();
        long maxSize = dataSource.getConfiguration().connectionPoolConfiguration().maxSize();
        // the pool is taken by hand so the run's borrows wait (for the 30 s acquisition timeout)
        java.util.List<java.sql.Connection> taken = new java.util.ArrayList<>();
        try {
            while (dataSource.getMetrics().activeCount() < maxSize) {
                taken.add(dataSource.getConnection());
            }
            String id = startAccepted("{\"count\": 100, \"interval\": 0, \"burst\": 3}");
            await("the run's borrows wait").atMost(Duration.ofSeconds(10))
                    .until(() -> dataSource.getMetrics().awaitingCount() >= 3);

            Response cancelled = cancel(id);

            assertThat(cancelled.statusCode()).as("waiting borrows are interrupted: %s", cancelled.asString())
                    .isEqualTo(200);
            assertThat(cancelled.jsonPath().getLong("failures.other")).as("a cut-short borrow is not a finding")
                    .isZero();
            assertThat(dataSource.getMetrics().awaitingCount()).as("nobody waits any more").isZero();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        } finally {
            taken.forEach(StabilityRunConnectionsTest::closeQuietly);
        }
        assertThat(dataSource.getMetrics().activeCount()).as("no connection left checked out").isEqualTo(baseline);
    }

    @Test
    void aRunAcrossADatabaseRestartReportsTheOutageByClassAndTheRecovery() {
        String id = startAccepted("{\"count\": 1000000, \"interval\": 0.02}");
        await("successes before the outage").atMost(Duration.ofSeconds(20))
                .until(() -> run(id).getLong("successes") >= 5);

        postgres.stop();
        await("the outage shows as failures").atMost(Duration.ofSeconds(30))
                .until(() -> failures(run(id), "unreachable") >= 5);
        long successesDuringOutage = run(id).getLong("successes");
        postgres.startServer();
        await("successes again after the restart").atMost(Duration.ofSeconds(30))
                .until(() -> run(id).getLong("successes") >= successesDuringOutage + 5);
        cancel(id).then().statusCode(200);

        JsonPath result = awaitFinished(id, Duration.ofSeconds(10));
        assertThat(failures(result, "unreachable")).as("refused while the server was down: %s", result.prettify())
                .isPositive();
        assertThat(failures(result, "other")).as("every failure classified: %s", result.prettify()).isZero();
        assertThat(result.getLong("successes")).as("recovered").isGreaterThanOrEqualTo(successesDuringOutage + 5);
        assertThat(result.getBoolean("verdict.stable")).as("an outage is unstable").isFalse();
        assertThat(result.getString("verdict.reason")).contains("unreachable");
    }

    private static void closeQuietly(java.sql.Connection connection) {
        try {
            connection.close();
        } catch (java.sql.SQLException ignored) {
            // the assertion on activeCount says whether it went back
        }
    }
}
