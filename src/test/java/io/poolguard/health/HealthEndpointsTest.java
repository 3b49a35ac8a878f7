package io.poolguard.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The health paths and the database view over HTTP only, so {@link HealthEndpointsIT} runs them on the package. */
@QuarkusTest
class HealthEndpointsTest {

    static final String HEALTH = "/api/v1/hc/health";
    static final String DATABASE = "/api/v1/hc/database";

    @BeforeEach
    void databaseIsUsable() {
        // the first validation may still be under way right after startup on a busy machine
        Awaitility.await("readiness UP").atMost(Duration.ofSeconds(30))
                .until(() -> given().get(HEALTH + "/ready").statusCode() == 200);
    }

    @Test
    void overallHealthIsUpAndListsTheProcessAndDatabaseChecks() {
        JsonPath body = json(given().get(HEALTH), 200);
        assertThat(body.getString("status")).as("overall status").isEqualTo("UP");
        assertThat(body.getList("checks.name", String.class)).as("checks in the overall health")
                .contains(ProcessLivenessCheck.NAME, DatabaseReadinessCheck.NAME);
    }

    @Test
    void livenessIsUpAndNeverChecksTheDatabase() {
        JsonPath body = json(given().get(HEALTH + "/live"), 200);
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getList("checks.name", String.class)).as("liveness checks only the process")
                .containsExactly(ProcessLivenessCheck.NAME);
        Map<String, Object> data = body.getMap("checks[0].data");
        assertThat(data).as("liveness data").containsKeys("eventLoopHeartbeatAgeMs", "workerHeartbeatAgeMs");
    }

    @Test
    void readinessIsUpWithThePoolState() {
        JsonPath body = json(given().get(HEALTH + "/ready"), 200);
        assertThat(body.getString("status")).isEqualTo("UP");
        Map<String, Object> check = databaseCheck(body);
        assertThat(check.get("status")).isEqualTo("UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.get("data");
        assertThat(data).as("readiness data")
                .containsEntry("saturated", false)
                .containsEntry("maxSize", 30)
                .containsKeys("active", "awaiting", "validationMs", "checkedAt")
                .doesNotContainKeys("failure", "reason");
    }

    @Test
    void startupIsUpOnceThePoolIsInitialisedAndValidated() {
        JsonPath body = json(given().get(HEALTH + "/started"), 200);
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getList("checks.name", String.class)).contains(DatabaseStartupCheck.NAME);
    }

    @Test
    void stockHealthPathsAreNotServed() {
        given().get("/q/health/ready").then().statusCode(404);
    }

    @Test
    void databaseViewShowsStatusConfigPoolServerAndSizing() {
        Awaitility.await("server side read").atMost(Duration.ofSeconds(30))
                .until(() -> "UP".equals(given().get(DATABASE).jsonPath().getString("server.status")));
        JsonPath body = json(given().get(DATABASE), 200);

        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getMap("")).as("top level").containsKeys("failure", "reason", "checkedAt",
                "validationTime", "config", "pool", "server", "sizing");

        assertThat(body.getMap("config")).as("effective pool configuration").containsKeys("minSize",
                "initialSize", "maxSize", "acquisitionTimeout", "maxLifetime", "foregroundValidationInterval",
                "validateOnBorrow", "backgroundValidationInterval", "leakDetectionInterval", "idleRemovalInterval",
                "loginTimeout", "jdbcUrl", "username", "applicationName", "connectTimeoutSeconds",
                "socketTimeoutSeconds");
        assertThat(body.getInt("config.maxSize")).isEqualTo(30);
        assertThat(body.getString("config.jdbcUrl")).as("URL shown without credentials")
                .startsWith("jdbc:postgresql://127.0.0.1:").doesNotContain("@");

        assertThat(body.getMap("pool")).as("live pool state").containsKeys("metricsEnabled", "active",
                "idle", "awaiting", "maxSize", "minSize", "maxUsed", "acquired", "created", "destroyed", "invalid",
                "leakDetections", "reaped", "blockingTime", "creationTime", "utilisation", "saturated",
                "acquisitionTimeouts", "acquireLatency");
        assertThat(body.getBoolean("pool.metricsEnabled")).as("Agroal metrics on").isTrue();
        assertThat(body.getLong("pool.created")).as("the pool opened its initial connections")
                .isGreaterThanOrEqualTo(10);
        assertThat(body.getMap("pool.blockingTime")).containsKeys("average", "max", "total");
        assertThat(body.getMap("pool.creationTime")).containsKeys("average", "max", "total");
        assertThat(body.getMap("pool.acquireLatency")).containsKeys("count", "mean", "max", "p50", "p95", "p99");
        assertThat(body.getLong("pool.acquireLatency.count")).as("the server view borrowed through PoolAccess")
                .isGreaterThanOrEqualTo(1);
        assertThat(body.getString("pool.acquireLatency.p99")).as("p99 from the acquire histogram").isNotNull();
        assertThat(body.getDouble("pool.utilisation")).as("active / max-size")
                .isEqualTo(body.getLong("pool.active") / 30.0, org.assertj.core.data.Offset.offset(0.0001));

        assertThat(body.getString("server.status")).isEqualTo("UP");
        assertThat(body.getMap("server.view")).as("server side").containsKeys("serverVersion", "maxConnections",
                "superuserReservedConnections", "totalConnections", "ours", "oldestTransactionAge", "inRecovery");
        assertThat(body.getString("server.view.serverVersion")).startsWith("17.");
        assertThat(body.getInt("server.view.maxConnections")).isEqualTo(100);
        assertThat(body.getMap("server.view.ours")).as("our sessions by state").containsKeys("active", "idle",
                "idleInTransaction", "idleInTransactionAborted", "total");
        assertThat(body.getBoolean("server.view.inRecovery")).isFalse();

        int cores = Runtime.getRuntime().availableProcessors();
        int base = Math.min(32, cores * 2 + 1);
        assertThat(body.getInt("sizing.recommendedBaseSize")).as("min(32, cores*2 + spindles)").isEqualTo(base);
        assertThat(body.getInt("sizing.recommendedOverflow")).as("overflow = 2x base").isEqualTo(2 * base);
        assertThat(body.getInt("sizing.recommendedMaxSize")).isEqualTo(3 * base);
        assertThat(body.getLong("sizing.observedPeak")).as("Agroal's max used").isGreaterThanOrEqualTo(1);
        int available = 100 - body.getInt("server.view.superuserReservedConnections");
        assertThat(body.getInt("sizing.budget.serverAvailable")).isEqualTo(available);
        assertThat(body.getInt("sizing.budget.poolConnections")).as("max-size x replicas").isEqualTo(30);
        assertThat(body.getBoolean("sizing.budget.withinBudget")).isTrue();
        assertThat(body.getString("sizing.budget.verdict")).startsWith("within budget");
    }

    @Test
    void noResponseContainsThePassword() {
        for (String path : List.of(HEALTH, HEALTH + "/live", HEALTH + "/ready", HEALTH + "/started", DATABASE)) {
            assertThat(given().get(path).asString()).as("body of %s", path)
                    .doesNotContain(PostgresTestResource.PASSWORD);
        }
    }

    static JsonPath json(Response response, int status) {
        response.then().statusCode(status).contentType(org.hamcrest.Matchers.containsString("json"));
        return response.jsonPath();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> databaseCheck(JsonPath health) {
        List<Map<String, Object>> checks = health.getList("checks");
        return checks.stream().filter(c -> DatabaseReadinessCheck.NAME.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no database check in " + checks));
    }
}
