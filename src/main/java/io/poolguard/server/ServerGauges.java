package io.poolguard.server;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.quarkus.runtime.StartupEvent;

/**
 * Registers the server-side gauges, once, at startup. Every gauge reads the last server view already held by
 * {@link ServerViewSource}, so a scrape never queries the database and never fails because the database is down.
 * <p>
 * They report the last successful view (its figures may be old; {@code server.view.age.seconds} says how old) and
 * {@code NaN} until there has been one. The view is refreshed by whoever samples it (the monitor), never by a
 * scrape.
 */
@Singleton
public class ServerGauges {

    private final ServerViewSource serverView;
    private final Instant startedAt = Instant.now();

    ServerGauges(ServerViewSource serverView) {
        this.serverView = serverView;
    }

    void registerOnStartup(@Observes StartupEvent event, MeterRegistry registry) {
        serverGauge(registry, MetricNames.SERVER_CONNECTIONS,
                "Client backends on the database server, any application (pg_stat_activity)",
                ServerView::totalConnections);
        sessionsGauge(registry, "active", v -> v.ours().active());
        sessionsGauge(registry, "idle", v -> v.ours().idle());
        sessionsGauge(registry, "idle_in_transaction", v -> v.ours().idleInTransaction());
        sessionsGauge(registry, "idle_in_transaction_aborted", v -> v.ours().idleInTransactionAborted());
        serverGauge(registry, MetricNames.SERVER_MAX_CONNECTIONS, "The server's max_connections setting",
                ServerView::maxConnections);
        serverGauge(registry, MetricNames.SERVER_RESERVED_CONNECTIONS,
                "The server's superuser_reserved_connections: slots ordinary roles cannot use",
                ServerView::superuserReservedConnections);
        serverGauge(registry, MetricNames.SERVER_OLDEST_TRANSACTION,
                "Age of the oldest open transaction on the server, any client, in seconds (0 when none)",
                v -> v.oldestTransactionAge() == null ? 0 : seconds(v.oldestTransactionAge()));
        Gauge.builder(MetricNames.SERVER_VIEW_AGE, this, ServerGauges::viewAgeSeconds)
                .description("Seconds since the last successful server-side view (since startup while there has"
                        + " been none): how stale the poolguard_server_* gauges are")
                .register(registry);
    }

    private void sessionsGauge(MeterRegistry registry, String state, ToDoubleFunction<ServerView> count) {
        Gauge.builder(MetricNames.SERVER_OUR_SESSIONS, this, g -> g.fromLastView(count))
                .description("This service's sessions on the server (found by application name), by state")
                .tag("state", state)
                .register(registry);
    }

    private void serverGauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<ServerView> value) {
        Gauge.builder(name, this, g -> g.fromLastView(value)).description(description).register(registry);
    }

    private double fromLastView(ToDoubleFunction<ServerView> value) {
        return serverView.lastView().map(value::applyAsDouble).orElse(Double.NaN);
    }

    private double viewAgeSeconds() {
        Instant since = serverView.lastView().map(ServerView::takenAt).orElse(startedAt);
        Duration age = Duration.between(since, Instant.now());
        return age.isNegative() ? 0 : seconds(age);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
