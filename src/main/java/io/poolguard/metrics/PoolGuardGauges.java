package io.poolguard.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.pool.ServerView;
import io.poolguard.pool.ServerViewSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Registers PoolGuard's pool and server-side gauges, once, at startup. Every gauge reads memory only: the pool's
 * counters and the last server view already held by {@link ServerViewSource}, so a scrape never queries the
 * database and never fails because the database is down.
 * <p>
 * Server-side gauges report the last successful view (its figures may be old; {@code server.view.age.seconds} says
 * how old) and {@code NaN} until there has been one. The view is refreshed by whoever samples it (the monitor),
 * never by a scrape.
 */
@Singleton
public class PoolGuardGauges {

    private final AgroalDataSource dataSource;
    private final ServerViewSource serverView;
    private final Instant startedAt = Instant.now();

    PoolGuardGauges(AgroalDataSource dataSource, ServerViewSource serverView) {
        this.dataSource = dataSource;
        this.serverView = serverView;
    }

    // an ordinary-priority observer: runs after PoolConfigValidator has accepted the configuration
    void registerOnStartup(@Observes StartupEvent event, MeterRegistry registry) {
        bindTo(registry);
    }

    void bindTo(MeterRegistry registry) {
        gauge(registry, MetricNames.POOL_MAX_SIZE, "Most connections the pool may open (max-size, as Agroal runs it)",
                () -> pool().maxSize());
        gauge(registry, MetricNames.POOL_MIN_SIZE, "Connections the pool keeps open even when idle (min-size)",
                () -> pool().minSize());
        gauge(registry, MetricNames.POOL_UTILISATION,
                "Connections in use divided by max-size, 0 to 1; at 1 the next borrower waits", this::utilisation);

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
        gauge(registry, MetricNames.SERVER_VIEW_AGE,
                "Seconds since the last successful server-side view (since startup while there has been none):"
                        + " how stale the poolguard_server_* gauges are",
                this::viewAgeSeconds);
    }

    private void sessionsGauge(MeterRegistry registry, String state, ToDoubleFunction<ServerView> count) {
        Gauge.builder(MetricNames.SERVER_OUR_SESSIONS, () -> fromLastView(count))
                .description("This service's sessions on the server (found by application name), by state")
                .tag("state", state)
                .register(registry);
    }

    private void serverGauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<ServerView> value) {
        gauge(registry, name, description, () -> fromLastView(value));
    }

    private void gauge(MeterRegistry registry, String name, String description,
            Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    private AgroalConnectionPoolConfiguration pool() {
        // read live: Agroal lets max-size and min-size change at runtime
        return dataSource.getConfiguration().connectionPoolConfiguration();
    }

    private Number utilisation() {
        int max = pool().maxSize();
        return max <= 0 ? Double.NaN : (double) dataSource.getMetrics().activeCount() / max;
    }

    private Number fromLastView(ToDoubleFunction<ServerView> value) {
        return serverView.lastView().map(value::applyAsDouble).orElse(Double.NaN);
    }

    private Number viewAgeSeconds() {
        Instant since = serverView.lastView().map(ServerView::takenAt).orElse(startedAt);
        Duration age = Duration.between(since, Instant.now());
        return age.isNegative() ? 0 : seconds(age);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
