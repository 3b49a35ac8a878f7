package io.poolguard.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.metrics.Scrape;
import io.poolguard.testing.ClientConnections;
import io.poolguard.testing.InjectPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The clients view, its metrics and the three client alerts, with real second clients opened by the test, over
 * HTTP only: {@link ClientsIT} runs the same against the packaged application.
 */
@QuarkusTest
@TestProfile(ClientsProfile.class)
class ClientsTest {

    private static final String CLIENTS = "/api/v1/hc/database/clients";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectPostgres
    LocalPostgresServer postgres;

    @Test
    void aClientIdleInATransactionFiresNamingItAndResolvesWhenItCommits() throws Exception {
        try (ClientConnections clients = new ClientConnections(postgres)) {
            Connection billing = clients.idleInTransaction("billing", "SELECT 'billing-statement'");
            clients.idleInTransaction("auth-service", "SELECT 'x' AS password");

            Map<String, Object> alert = awaitActive("idle_in_transaction");
            assertThat((String) alert.get("message")).contains("'billing'", "idle in a transaction");
            JsonPath view = given().get(CLIENTS).jsonPath();
            assertThat(view.getBoolean("queriesShown")).isTrue();
            assertThat(client(view, "billing").get("idleInTransactionQuery")).isEqualTo("SELECT 'billing-statement'");
            assertThat(client(view, "auth-service").get("idleInTransactionQuery")).as("never a statement naming a"
                    + " password").isEqualTo("(not shown: mentions a password)");

            billing.commit();
            clients.close();
            awaitResolved("idle_in_transaction");
        }
    }

    @Test
    void aClientReconnectingInALoopFiresConnectionChurnAndResolvesWhenItStops() throws Exception {
        try (ClientConnections clients = new ClientConnections(postgres)) {
            clients.reconnectingInALoop("no-pool-app");

            Map<String, Object> alert = awaitActive("connection_churn");
            assertThat((String) alert.get("message")).contains("'no-pool-app'", "connections per minute");
            JsonPath view = given().get(CLIENTS).jsonPath();
            assertThat(client(view, "no-pool-app").get("openedPerMinute")).as(view.prettify()).isNotNull();

            clients.close();
            awaitResolved("connection_churn");
        }
    }

    @Test
    void aClientHoldingAShareOfTheServerFiresAndTheMetricsShowTheTopClientsAndOther() throws Exception {
        try (ClientConnections clients = new ClientConnections(postgres)) {
            for (int i = 0; i < 12; i++) {
                clients.open("hog");
            }
            for (int i = 0; i < 5; i++) {
                clients.open("billing");
            }
            clients.open("reports");

            awaitActive("client_connections_high");
            // it may fire on a sample taken while hog was still opening its twelve; each sample updates the message
            await("the active alert names hog with all twelve").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(active("client_connections_high")).hasValueSatisfying(
                            alert -> assertThat((String) alert.get("message")).contains("'hog'", "12 connections")));
            await("the metrics show hog and billing on their own, the rest as other").atMost(WAIT)
                    .untilAsserted(() -> {
                        Scrape scrape = Scrape.fetch();
                        assertThat(sessions(scrape, "hog", "idle")).hasValue(12.0);
                        assertThat(sessions(scrape, "billing", "idle")).hasValue(5.0);
                        assertThat(sessions(scrape, "reports", "idle")).as("not in the top 2").isEmpty();
                        assertThat(sessions(scrape, "other", "idle").orElse(0.0)
                                + sessions(scrape, "other", "active").orElse(0.0))
                                .as("reports and the pool, added up").isGreaterThanOrEqualTo(2.0);
                    });

            clients.close();
            awaitResolved("client_connections_high");
        }
    }

    private static Optional<Double> sessions(Scrape scrape, String application, String state) {
        var value = scrape.value("poolguard_server_client_sessions",
                Map.of("application", application, "state", state));
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }

    private static Map<String, Object> awaitActive(String rule) {
        return await("alert " + rule + " fires").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> active(rule), Optional::isPresent).orElseThrow();
    }

    private static void awaitResolved(String rule) {
        await("alert " + rule + " resolves").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> active(rule).isEmpty());
        List<Map<String, Object>> transitions = given().get("/api/v1/hc/alerts").jsonPath().getList("transitions");
        assertThat(transitions).as("the resolution is recorded").anyMatch(t -> rule.equals(t.get("rule"))
                && "resolved".equals(t.get("transition")));
    }

    private static Optional<Map<String, Object>> active(String rule) {
        List<Map<String, Object>> active = given().get("/api/v1/hc/alerts").jsonPath().getList("active");
        return active.stream().filter(a -> rule.equals(a.get("rule"))).findFirst();
    }

    private static Map<String, Object> client(JsonPath view, String applicationName) {
        List<Map<String, Object>> clients = view.getList("clients");
        return clients.stream().filter(c -> applicationName.equals(c.get("applicationName"))).findFirst()
                .orElseThrow(() -> new AssertionError(applicationName + " not in " + view.prettify()));
    }
}
