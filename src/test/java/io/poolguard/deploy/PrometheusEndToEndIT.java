package io.poolguard.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.testing.InjectPostgres;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The deploy kit against a real Prometheus (Debian's package) scraping the packaged service, JVM or native: the
 * target is up, every shipped rule loads and evaluates healthy, every dashboard query evaluates and returns data,
 * and alerts fire from real metrics and resolve: the connection budget against a server that allows ordinary
 * roles only 20 connections, the database unreachable while PostgreSQL is stopped. A thread probes readiness every
 * second as the kubelet would. About a minute, most of it the unreachable rule's {@code for}.
 */
@QuarkusIntegrationTest
@TestProfile(PrometheusEndToEndIT.MonitorEverySecond.class)
class PrometheusEndToEndIT {

    /** The server view refreshed every second, so server-side figures follow a restart within a scrape or two. */
    public static class MonitorEverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("poolguard.monitor.interval", "1s");
        }
    }

    static final String BUDGET = "PoolGuardConnectionBudgetOverServerLimit";
    static final String UNREACHABLE = "PoolGuardDatabaseUnreachable";
    /** Of max_connections=100, leaves ordinary roles 20: less than the pool's default max-size of 30. */
    static final int RESERVED_FOR_SUPERUSERS = 80;

    @InjectPostgres
    LocalPostgresServer postgres;

    PrometheusServer prometheus;
    ScheduledExecutorService kubelet;

    @BeforeEach
    void startPrometheusAndProbes() throws Exception {
        prometheus = PrometheusServer.scraping(RestAssured.port, DeployKit.RULES);
        kubelet = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "test-kubelet"));
        kubelet.scheduleWithFixedDelay(PrometheusEndToEndIT::probeReadiness, 0, 1, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopAndRestoreTheDatabase() throws Exception {
        kubelet.shutdownNow();
        kubelet.awaitTermination(10, TimeUnit.SECONDS);
        if (prometheus != null) {
            // warnings and errors only: empty when all went well
            System.out.println("Prometheus log (warn and above):\n" + prometheus.log());
            prometheus.close();
        }
        // the server is shared with the other tests: running, with its default reserved connections
        postgres.startServer();
        if (!"3".equals(superuserQuery("SHOW superuser_reserved_connections"))) {
            superuserExecute("ALTER SYSTEM RESET superuser_reserved_connections");
            postgres.stop();
            postgres.startServer();
        }
    }

    @Test
    void shippedRulesAndDashboardWorkInARealPrometheus() throws Exception {
        await("the scrape target is up").until(() -> {
            JsonNode targets = prometheus.api("targets").path("activeTargets");
            return targets.size() == 1 && "up".equals(targets.get(0).path("health").asText());
        });
        await("every shipped rule evaluated healthy").untilAsserted(() -> {
            List<String> health = new ArrayList<>();
            for (JsonNode group : prometheus.api("rules").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    health.add(rule.path("name").asText() + "=" + rule.path("health").asText()
                            + rule.path("lastError").asText(""));
                }
            }
            assertThat(health).as("rule health (name=health and error)")
                    .hasSize(DeployKit.ruleExpressions().size())
                    .allSatisfy(h -> assertThat(h).endsWith("=ok"));
        });
        assertThat(prometheus.alert(BUDGET)).as("%s with the server's default limits", BUDGET).isEmpty();

        // ordinary roles may now open 20 connections: fewer than the pool's 30
        superuserExecute("ALTER SYSTEM SET superuser_reserved_connections = " + RESERVED_FOR_SUPERUSERS);
        postgres.stop();
        postgres.startServer();
        JsonNode budget = awaitAlert(BUDGET, "firing", Duration.ofSeconds(30));
        assertThat(budget.path("labels").path("rule").asText()).as("the rule label of %s", budget)
                .isEqualTo("connection_budget");

        // every dashboard query, as Grafana sends it with All selected, while an alert is firing (ALERTS has data)
        for (DeployKit.DashboardQuery query : DeployKit.dashboardQueries()) {
            String promql = query.resolved("30s");
            assertThat(prometheus.query(promql)).as("%s: %s returns data", query.where(), promql).isNotEmpty();
        }

        // the limit goes back to the default at the next start; until then the database is down
        superuserExecute("ALTER SYSTEM RESET superuser_reserved_connections");
        postgres.stop();
        JsonNode unreachable = awaitAlert(UNREACHABLE, "firing", Duration.ofSeconds(75));
        assertThat(unreachable.path("labels").path("instance").asText()).as("the instance of %s", unreachable)
                .isEqualTo("127.0.0.1:" + RestAssured.port);
        assertThat(unreachable.path("annotations").path("description").asText())
                .as("the description of %s", unreachable).contains("readiness is DOWN");

        postgres.startServer();
        await(UNREACHABLE + " and " + BUDGET + " resolved after the database came back with its default limits")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(List.of(prometheus.alert(UNREACHABLE), prometheus.alert(BUDGET)))
                        .as("alerts still pending or firing").allSatisfy(a -> assertThat(a).isEmpty()));
    }

    private JsonNode awaitAlert(String name, String state, Duration within) {
        return await(name + " " + state).atMost(within)
                .until(() -> prometheus.alert(name), a -> a.filter(x -> state.equals(x.path("state").asText()))
                        .isPresent())
                .orElseThrow();
    }

    private ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions();
    }

    private static void probeReadiness() {
        try {
            given().get("/api/v1/hc/health/ready");
        } catch (RuntimeException e) {
            // a probe that fails is what the kubelet sees too
        }
    }

    private void superuserExecute(String sql) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String superuserQuery(String sql) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("postgres"), LocalPostgresServer.SUPERUSER,
                postgres.superuserPassword());
    }
}
