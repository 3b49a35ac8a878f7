package io.poolguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.metrics.MetricNames;
import io.poolguard.monitor.MonitorTestProfile;
import io.poolguard.testing.InjectPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Alerts firing and resolving on a real pool and a real PostgreSQL (needs injection, so no IT twin). */
@QuarkusTest
@TestProfile(MonitorTestProfile.class)
class AlertLifecycleTest {

    private static final Duration ALERT_WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AlertTracker tracker;

    @Inject
    MeterRegistry registry;

    @InjectPostgres
    LocalPostgresServer postgres;

    private final List<Connection> held = new ArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ExecutorService borrowers = Executors.newCachedThreadPool();

    @BeforeEach
    void startFromAQuietPool() {
        Logger.getLogger("io.poolguard").addHandler(capture);
        await().atMost(ALERT_WAIT).untilAsserted(() -> assertThat(activeRules())
                .as("no pool or database alert left over from an earlier test")
                .doesNotContain("pool_utilisation", "pool_waiting", "database_unreachable"));
    }

    @AfterEach
    void releaseEverything() throws Exception {
        Logger.getLogger("io.poolguard").removeHandler(capture);
        releaseHeld();
        borrowers.shutdownNow();
        borrowers.awaitTermination(30, TimeUnit.SECONDS);
        if (!postgres.isRunning()) {
            postgres.startServer();
        }
    }

    @Test
    void holdingConnectionsFiresUtilisationAndWaitingAlertsAndReleasingResolvesThem() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.listening(MonitorTestProfile.webhookPort())) {
            holdAll();
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(this::borrowOnceAndReturn, borrowers);

            await().atMost(ALERT_WAIT).untilAsserted(() -> assertThat(activeRules())
                    .as("a full pool with a thread queued fires both alerts")
                    .contains("pool_utilisation", "pool_waiting"));
            Alert utilisation = active("pool_utilisation");
            assertThat(utilisation.value()).as("last value").isEqualTo("100%");
            assertThat(utilisation.message()).as("human message").contains("3/3");
            // at least the test's waiter: a server-view refresh that started just before the pool filled may queue too
            assertThat(Integer.parseInt(active("pool_waiting").value())).as("threads waiting, the test's one included")
                    .isBetween(1, 2);
            assertThat(gauge("pool_utilisation")).as("alert gauge while firing").isEqualTo(1.0);

            releaseHeld();
            waiter.get(30, TimeUnit.SECONDS);

            await().atMost(ALERT_WAIT).untilAsserted(() -> assertThat(activeRules())
                    .as("released: both alerts resolve").doesNotContain("pool_utilisation", "pool_waiting"));
            assertThat(gauge("pool_utilisation")).as("alert gauge after resolving").isEqualTo(0.0);
            AlertsView view = tracker.view();
            assertThat(view.transitions()).as("fired then resolved, newest first")
                    .filteredOn(t -> t.rule().equals("pool_utilisation"))
                    .extracting(AlertTransition::transition)
                    .startsWith(AlertTransition.RESOLVED, AlertTransition.FIRED);

            await().atMost(ALERT_WAIT).untilAsserted(() -> assertThat(receiver.count("pool_utilisation", "resolved"))
                    .as("the resolve reaches the webhook").isEqualTo(1));
            assertThat(receiver.count("pool_utilisation", "firing")).as("fired once, not once per sample")
                    .isEqualTo(1);
            assertThat(receiver.count("pool_waiting", "firing")).as("waiting fired once").isEqualTo(1);
            WebhookReceiver.Received firing = receiver.received().stream()
                    .filter(r -> r.rule().equals("pool_utilisation") && r.status().equals("firing"))
                    .findFirst().orElseThrow();
            assertThat(firing.body().path("version").asText()).as("Alertmanager webhook version").isEqualTo("4");
            assertThat(firing.body().path("alerts").path(0).path("labels").path("alertname").asText())
                    .isEqualTo("PoolGuardPoolUtilisationHigh");
            assertThat(firing.body().path("alerts").path(0).path("endsAt").asText())
                    .as("a firing alert has Alertmanager's zero end").isEqualTo("0001-01-01T00:00:00Z");
            assertThat(firing.path()).as("the URL's path and query are kept")
                    .isEqualTo("/alertmanager?token=hook-token");
            assertThat(firing.authorization()).as("user info becomes basic authentication").isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("hook-user:hook-secret".getBytes()));
            assertThat(logged).as("alert transitions are logged").anyMatch(line -> line.contains("FIRING"));
            assertThat(String.join("\n", logged)).as("the webhook URL's credentials never reach the log")
                    .doesNotContain("hook-secret").doesNotContain("hook-token").doesNotContain("hook-user");
        }
    }

    @Test
    void stoppingPostgresFiresUnreachableAndRestartingResolvesIt() {
        try {
            postgres.stop();
            await().atMost(ALERT_WAIT).untilAsserted(() -> assertThat(activeRules())
                    .as("database down").contains("database_unreachable"));
            assertThat(active("database_unreachable").value()).as("the failure class")
                    .isIn("unreachable", "connection_closed");
        } finally {
            postgres.startServer();
        }
        await().atMost(ALERT_WAIT).untilAsserted(() -> assertThat(activeRules())
                .as("database back: resolved").doesNotContain("database_unreachable"));
        assertThat(tracker.view().transitions()).as("the resolve is recorded with the failure it ended")
                .filteredOn(t -> t.rule().equals("database_unreachable"))
                .first().extracting(AlertTransition::transition).isEqualTo(AlertTransition.RESOLVED);
    }

    @Test
    void aHungWebhookReceiverDoesNotDelaySampling() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.stalled(MonitorTestProfile.webhookPort())) {
            holdAll();
            assertThat(receiver.awaitFirstRequest(30)).as("a fired alert is being delivered").isTrue();

            // the delivery now waits up to the 10 s webhook timeout; sampling at 200 ms must not wait with it
            double ticksWhileDelivering = okTicks();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(okTicks())
                    .as("the monitor keeps sampling while the receiver hangs")
                    .isGreaterThanOrEqualTo(ticksWhileDelivering + 5));
            assertThat(receiver.answered()).as("the receiver still holds the delivery").isZero();
            releaseHeld();
            await().atMost(ALERT_WAIT).untilAsserted(() -> assertThat(activeRules())
                    .as("alerts still resolve while the webhook is stuck").doesNotContain("pool_utilisation"));
        }
    }

    private void holdAll() throws SQLException {
        for (int i = 0; i < MonitorTestProfile.POOL_MAX_SIZE; i++) {
            held.add(dataSource.getConnection());
        }
    }

    private void releaseHeld() throws SQLException {
        for (Connection connection : held) {
            connection.close();
        }
        held.clear();
    }

    private void borrowOnceAndReturn() {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.isValid(5)).isTrue();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> activeRules() {
        return tracker.view().active().stream().map(Alert::rule).toList();
    }

    private Alert active(String rule) {
        return tracker.view().active().stream().filter(a -> a.rule().equals(rule)).findFirst().orElseThrow();
    }

    private double gauge(String rule) {
        return registry.get(MetricNames.ALERT_ACTIVE).tag("rule", rule).gauge().value();
    }

    private double okTicks() {
        return registry.get(MetricNames.MONITOR_TICKS).tag("outcome", "ok").counter().count();
    }
}
