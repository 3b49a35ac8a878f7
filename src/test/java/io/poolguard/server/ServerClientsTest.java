package io.poolguard.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.testing.ClientConnections;
import io.poolguard.testing.InjectPostgres;
import io.poolguard.testing.PostgresTestResource;
import io.poolguard.testing.ServerSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Every client of the server as the one server-view query sees it, with real second clients opened by the test;
 * each test drives the refresh itself (what the monitor does on its tick) and reads the HTTP view.
 */
@QuarkusTest
class ServerClientsTest {

    private static final String CLIENTS = "/api/v1/hc/database/clients";

    @Inject
    ServerViewSource serverView;

    @InjectPostgres
    LocalPostgresServer postgres;

    @Test
    void everyClientIsListedWithItsSessionsByStateLockWaitsAndAges() throws Exception {
        try (ClientConnections clients = new ClientConnections(postgres)) {
            try (Connection setup = clients.open("clients-test-setup"); Statement s = setup.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS clients_test_lock (id int)");
            }
            clients.open("billing");
            clients.idleInTransaction("billing", "LOCK TABLE clients_test_lock");
            Connection waiter = clients.open("reports");
            waiter.setAutoCommit(false);
            clients.inBackground(waiter, "LOCK TABLE clients_test_lock");
            await("reports waits for billing's lock").atMost(Duration.ofSeconds(10))
                    .until(() -> client(refreshed(), "reports").map(c -> c.waitingOnLock() == 1).orElse(false));

            JsonPath view = given().get(CLIENTS).then().statusCode(200).extract().jsonPath();

            assertThat(view.getString("status")).isEqualTo("UP");
            assertThat(view.getBoolean("complete")).as("the test role has pg_monitor").isTrue();
            assertThat(view.getBoolean("queriesShown")).as("off by default").isFalse();
            Map<String, Object> billing = entry(view, "billing");
            assertThat(billing).containsEntry("role", PostgresTestResource.USER)
                    .containsEntry("clientAddress", "127.0.0.1")
                    .containsEntry("sessions", 2).containsEntry("idle", 1).containsEntry("idleInTransaction", 1)
                    .containsEntry("active", 0).containsEntry("waitingOnLock", 0)
                    .containsEntry("idleInTransactionQuery", null);
            assertThat(billing.get("longestIdleInTransaction")).as("idle in transaction since the LOCK").isNotNull();
            assertThat(billing.get("oldestTransactionAge")).isNotNull();
            Map<String, Object> age = JsonPath.from(view.prettify()).getMap("clients.find { it.applicationName == "
                    + "'billing' }.connectionAge");
            assertThat((Float) age.get("youngest")).isLessThanOrEqualTo((Float) age.get("median"));
            assertThat((Float) age.get("median")).isLessThanOrEqualTo((Float) age.get("oldest"));
            Map<String, Object> reports = entry(view, "reports");
            assertThat(reports).containsEntry("sessions", 1).containsEntry("active", 1)
                    .containsEntry("waitingOnLock", 1).containsEntry("activeQuery", null);
            assertThat(view.getInt("totalClients")).isGreaterThanOrEqualTo(3);
            assertThat(view.getInt("other.clients")).isZero();

            JsonPath database = given().get("/api/v1/hc/database").jsonPath();
            assertThat(database.getString("server.view.clients.longestIdleInTransaction.applicationName"))
                    .as("the database view's summary names the leaker").isEqualTo("billing");
            assertThat(database.getBoolean("server.view.clients.complete")).isTrue();
        }
    }

    @Test
    void connectionsOpenedSinceTheLastSampleShowAnApplicationWithoutAPool() throws Exception {
        try (ClientConnections clients = new ClientConnections(postgres)) {
            AtomicInteger opened = clients.reconnectingInALoop("no-pool-app");
            refreshed();
            await("the loop reconnected a few times").atMost(Duration.ofSeconds(10)).until(() -> opened.get() >= 3);

            ServerClients sample = await("a connection of the loop opened since the previous sample").atMost(
                    Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(this::refreshed,
                            s -> client(s, "no-pool-app").map(c -> c.openedSinceLastSample() >= 1).orElse(false));

            ClientSessions churn = client(sample, "no-pool-app").orElseThrow();
            assertThat(churn.openedPerMinute()).as("per minute between the two samples").isPositive();
            assertThat(churn.connectionAge().youngest()).as("a young connection").isLessThan(Duration.ofSeconds(5));
            assertThat(sample.summary().mostOpened()).as("the summary names the client opening connections")
                    .isNotNull();
        }
    }

    @Test
    void withoutPgMonitorTheViewSaysItIsPartialInsteadOfShowingPartNumbersAsWhole() throws Exception {
        try (ClientConnections clients = new ClientConnections(postgres)) {
            clients.open("admin-console", LocalPostgresServer.SUPERUSER, postgres.superuserPassword());
            grantPgMonitor(false);
            try {
                ServerClients partial = refreshed();
                assertThat(partial.complete()).isFalse();
                assertThat(partial.hiddenSessions()).as("the superuser's session").isGreaterThanOrEqualTo(1);
                ClientSessions admin = client(partial, "admin-console").orElseThrow();
                assertThat(admin.unknownState()).as("its state is hidden, not counted as idle").isEqualTo(1);
                assertThat(admin.idle()).isZero();
                assertThat(admin.clientAddress()).isNull();

                JsonPath view = given().get(CLIENTS).jsonPath();
                assertThat(view.getBoolean("complete")).isFalse();
                assertThat(view.getString("visibility")).contains("partial", "pg_monitor");
                assertThat(given().get("/api/v1/hc/database").jsonPath()
                        .getBoolean("server.view.clients.complete")).isFalse();
            } finally {
                grantPgMonitor(true);
            }
            assertThat(refreshed().complete()).as("complete again with pg_monitor").isTrue();
        }
    }

    private ServerClients refreshed() {
        ServerSample sample = serverView.refresh().join();
        assertThat(sample.isUp()).as("server view: %s", sample.reason()).isTrue();
        return serverView.lastClients().orElseThrow();
    }

    private static java.util.Optional<ClientSessions> client(ServerClients clients, String applicationName) {
        return clients.listed().stream().filter(c -> c.applicationName().equals(applicationName)).findFirst();
    }

    private static Map<String, Object> entry(JsonPath view, String applicationName) {
        List<Map<String, Object>> clients = view.getList("clients");
        return clients.stream().filter(c -> applicationName.equals(c.get("applicationName"))).findFirst()
                .orElseThrow(() -> new AssertionError(applicationName + " not in " + view.prettify()));
    }

    private void grantPgMonitor(boolean grant) throws Exception {
        try (Connection c = ServerSessions.superuser(postgres); Statement s = c.createStatement()) {
            s.execute((grant ? "GRANT pg_monitor TO " : "REVOKE pg_monitor FROM ") + PostgresTestResource.USER);
        }
    }
}
