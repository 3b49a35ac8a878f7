package io.poolguard.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Readiness under load: a saturated pool and a crowd of concurrent probes. Needs bean access: no IT twin. */
@QuarkusTest
@TestProfile(SmallPoolProfile.class)
class ReadinessProbeTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReadinessProbe probe;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/api/v1/hc/health/ready")
    URI ready;

    /** Validation round trips so far (all outcomes), as the service counts them for Prometheus. */
    private long validations() {
        return registry.get(MetricNames.VALIDATION).timer().count();
    }

    @Test
    void readinessStaysUpWhenPoolIsSaturated() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < SmallPoolProfile.MAX_SIZE; i++) {
                held.add(dataSource.getConnection());
            }
            assertThat(dataSource.getMetrics().activeCount()).as("every connection checked out")
                    .isEqualTo(SmallPoolProfile.MAX_SIZE);

            // probe until a validation has run while the pool was saturated: it must not need a pool slot
            long before = validations();
            Awaitility.await("a validation while saturated").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Response r = given().get(HealthEndpointsTest.HEALTH + "/ready");
                        // 200, not a timed_out 503: the probe waited no longer than its budget for the validation
                        assertThat(r.statusCode()).as("readiness while saturated: %s", r.asString()).isEqualTo(200);
                        return validations() > before;
                    });
            JsonPath body = given().get(HealthEndpointsTest.HEALTH + "/ready").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(body.getBoolean("checks.find { it.name == 'database' }.data.saturated"))
                    .as("readiness says the pool is saturated").isTrue();
            // No wall-clock bound here: the first request after a profile restart loads RestAssured and Groovy
            // again (seconds on a busy 2-core machine), and the status above already bounds the server's wait.
            // A check that borrowed would be answered DOWN (timed out) and leave its borrow waiting in the queue.
            assertThat(dataSource.getMetrics().awaitingCount()).as("readiness left nobody waiting in the pool")
                    .isZero();

            JsonPath database = given().get(HealthEndpointsTest.DATABASE).then().statusCode(200).extract()
                    .jsonPath();
            assertThat(database.getDouble("pool.utilisation")).as("utilisation = active / max-size").isEqualTo(1.0);
            assertThat(database.getBoolean("pool.saturated")).isTrue();
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @Test
    void twoHundredConcurrentProbesShareOneValidation() throws Exception {
        Awaitility.await("cached validation expired").atMost(Duration.ofSeconds(15))
                .until(() -> probe.latest().map(v -> v.age().compareTo(probe.ttl()) > 0).orElse(true));
        long before = validations();

        ExecutorService threads = Executors.newFixedThreadPool(8);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10)).GET().build();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                HttpResponse<String> r = response.get(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as("concurrent probe: %s", r.body()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(validations() - before)
                .as("validation round trips for 200 concurrent probes after the TTL expired")
                .isBetween(1L, 2L);
    }
}
