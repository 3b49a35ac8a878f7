package io.poolguard.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.poolguard.control.PoolApi;
import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.testing.InjectPostgres;
import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The database stops or hangs under a running service: probes keep answering within the budget, readiness and the
 * database view say why, liveness does not care, and everything recovers without a restart. Also reads the
 * application's log file for the password. Over HTTP and the log file only, so {@link DatabaseOutageIT} runs the
 * same against the packaged application.
 */
@QuarkusTest
class DatabaseOutageTest {

    /** The default budget: what every probe must answer within. */
    static final Duration BUDGET = Duration.ofSeconds(1);
    static final String READY = HealthEndpointsTest.HEALTH + "/ready";
    /** Where the application logs in tests ({@code %test} file logging, and the packaged application's own file). */
    static final Path LOG = Path.of("target", "quarkus.log").toAbsolutePath();

    @InjectPostgres
    LocalPostgresServer postgres;

    final List<Long> answerNanos = new CopyOnWriteArrayList<>();
    final List<String> answers = new CopyOnWriteArrayList<>();
    long logOffset;

    @BeforeEach
    void noteTheLogAndStartUp() throws IOException {
        logOffset = Files.exists(LOG) ? Files.size(LOG) : 0;
        awaitReady();
        // the first view of a fresh JVM pays class loading and serializer set-up: not what the budget is about
        given().get(HealthEndpointsTest.DATABASE).then().statusCode(200);
    }

    @AfterEach
    void restoreDatabase() {
        postgres.startServer();
        postgres.thaw();
        awaitReady();
        // the pool's sessions died with the server: replace them so later tests do not borrow a dead one
        PoolApi.flushed("graceful");
    }

    @Test
    void stoppedDatabaseTurnsReadinessDownAndBackUpWithoutARestart() throws IOException {
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
        String log = logSinceTheTestBegan();
        assertThat(log).as("the outage was logged (the log is read)").contains("readiness DOWN (unreachable)");
        assertThat(log).as("the application's log").doesNotContain(PostgresTestResource.PASSWORD);
    }

    @Test
    void hungDatabaseStillGetsAnswersWithinTheBudget() throws IOException {
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
        String log = logSinceTheTestBegan();
        assertThat(log).as("the hang was logged (the log is read)").contains("readiness DOWN (timed_out)");
        assertThat(log).as("the application's log").doesNotContain(PostgresTestResource.PASSWORD);
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

    /** What the application logged since this test began (stack traces included). */
    private String logSinceTheTestBegan() throws IOException {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset),
                StandardCharsets.UTF_8);
    }

    private static void awaitReady() {
        Awaitility.await("readiness UP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get(READY).statusCode() == 200);
    }
}
