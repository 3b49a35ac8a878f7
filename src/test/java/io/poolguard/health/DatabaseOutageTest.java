package io.poolguard.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.testing.InjectPostgres;
import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The database stops or hangs under a running service: probes keep answering within the budget, readiness and the
 * database view say why, liveness does not care, and everything recovers without a restart. Also watches every log
 * line for the password.
 */
@QuarkusTest
class DatabaseOutageTest {

    /** The default budget: what every probe must answer within. */
    static final Duration BUDGET = Duration.ofSeconds(1);
    static final String READY = HealthEndpointsTest.HEALTH + "/ready";

    @InjectPostgres
    LocalPostgresServer postgres;

    @Inject
    AgroalDataSource dataSource;

    final List<String> logLines = new CopyOnWriteArrayList<>();
    final List<Long> answerNanos = new CopyOnWriteArrayList<>();
    final List<String> answers = new CopyOnWriteArrayList<>();
    final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            StringBuilder line = new StringBuilder(String.valueOf(message));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
            logLines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogsAndStartUp() {
        Logger.getLogger("").addHandler(logCapture);
        awaitReady();
        // the first view of a fresh JVM pays class loading and serializer set-up: not what the budget is about
        given().get(HealthEndpointsTest.DATABASE).then().statusCode(200);
    }

    @AfterEach
    void restoreDatabase() {
        Logger.getLogger("").removeHandler(logCapture);
        postgres.startServer();
        postgres.thaw();
        // the pool's sessions died with the server: replace them so later tests do not borrow a dead one
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        dataSource.flush(AgroalDataSource.FlushMode.FILL);
        awaitReady();
    }

    @Test
    void stoppedDatabaseTurnsReadinessDownAndBackUpWithoutARestart() {
        try {
            postgres.stop();

            Awaitility.await("readiness DOWN (unreachable)").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> "unreachable".equals(failureOf(timedGet(READY))));
            Response database = timedGet(HealthEndpointsTest.DATABASE, 503);
            assertThat(database.jsonPath().getString("status")).isEqualTo("DOWN");
            assertThat(database.jsonPath().getString("failure")).as("database view failure class")
                    .isEqualTo("unreachable");
            assertThat(database.header("Retry-After")).as("503 says when to retry").isNotBlank();
            timedGet(HealthEndpointsTest.HEALTH + "/live", 200);
        } finally {
            postgres.startServer();
        }
        awaitReady();
        timedGet(HealthEndpointsTest.DATABASE, 200);

        assertAnswersWithinBudget();
        assertThat(logLines).as("the outage was logged (log capture works)")
                .anyMatch(line -> line.contains("readiness DOWN (unreachable)"));
        assertThat(logLines).as("log lines").noneMatch(line -> line.contains(PostgresTestResource.PASSWORD));
    }

    @Test
    void hungDatabaseStillGetsAnswersWithinTheBudget() {
        try {
            postgres.freeze();

            Awaitility.await("readiness DOWN (timed_out)").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> "timed_out".equals(failureOf(timedGet(READY))));
            for (int i = 0; i < 5; i++) {
                timedGet(READY, 503);
                Response database = timedGet(HealthEndpointsTest.DATABASE, 503);
                assertThat(database.jsonPath().getString("failure")).isEqualTo("timed_out");
                timedGet(HealthEndpointsTest.HEALTH + "/live", 200);
            }
        } finally {
            postgres.thaw();
        }
        awaitReady();

        assertAnswersWithinBudget();
        assertThat(logLines).as("log lines").noneMatch(line -> line.contains(PostgresTestResource.PASSWORD));
    }

    private Response timedGet(String path, int expectedStatus) {
        Response response = timedGet(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.asString()).isEqualTo(expectedStatus);
        return response;
    }

    /** A request whose answer time counts against the budget, whatever its status. */
    private Response timedGet(String path) {
        long start = System.nanoTime();
        Response response = given().get(path);
        long took = System.nanoTime() - start;
        answerNanos.add(took);
        answers.add(path + " " + response.statusCode() + " in " + took / 1_000_000 + " ms");
        assertThat(response.asString()).as("body of %s", path).doesNotContain(PostgresTestResource.PASSWORD);
        return response;
    }

    /** The readiness failure class, null while UP. */
    private static String failureOf(Response readiness) {
        Map<String, Object> check = HealthEndpointsTest.databaseCheck(readiness.jsonPath());
        Object data = check.get("data");
        Object failure = data instanceof Map<?, ?> map ? map.get("failure") : null;
        if (failure != null) {
            assertThat(readiness.statusCode()).as("DOWN answers 503").isEqualTo(503);
        }
        return failure == null ? null : failure.toString();
    }

    private void assertAnswersWithinBudget() {
        assertThat(answerNanos).as("answers timed").isNotEmpty();
        assertThat(answerNanos.stream().mapToLong(Long::longValue).max().orElseThrow() / 1_000_000)
                .as("slowest answer (ms) during the outage, budget %s; answers: %s", BUDGET, answers)
                .isLessThan(BUDGET.toMillis());
    }

    private static void awaitReady() {
        Awaitility.await("readiness UP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get(READY).statusCode() == 200);
    }
}
