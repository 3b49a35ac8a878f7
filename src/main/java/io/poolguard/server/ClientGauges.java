package io.poolguard.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.poolguard.metrics.MetricNames;

/**
 * The server's clients as gauges, tagged {@code application} and {@code role}: the top
 * {@code poolguard.server-view.metrics-top-clients} by sessions, and everyone else added up as
 * {@code application="other", role="other"}, so cardinality stays bounded however many clients the server has.
 * Replaced on every successful server view (never a query per scrape); absent before the first.
 */
@Singleton
public class ClientGauges {

    static final String OTHER = "other";
    // Prometheus treats an empty label value as no label: name the client that sets no application_name
    static final String UNNAMED = "(none)";

    private final int top;
    private final MultiGauge sessions;
    private final MultiGauge waiting;
    private final MultiGauge idleInTransaction;
    private final MultiGauge opened;

    ClientGauges(ServerViewConfig config, MeterRegistry registry) {
        this.top = config.metricsTopClients();
        this.sessions = MultiGauge.builder(MetricNames.SERVER_CLIENT_SESSIONS)
                .description("Sessions of a client application (application_name, role) on the server, by state;"
                        + " unknown: its state is hidden from PoolGuard's role (no pg_monitor) or another one")
                .register(registry);
        this.waiting = MultiGauge.builder(MetricNames.SERVER_CLIENT_WAITING)
                .description("Sessions of a client application waiting for a lock").register(registry);
        this.idleInTransaction = MultiGauge.builder(MetricNames.SERVER_CLIENT_IDLE_IN_TRANSACTION)
                .description("Longest time one of a client application's sessions has been idle in a transaction,"
                        + " seconds (0 when none is)")
                .register(registry);
        this.opened = MultiGauge.builder(MetricNames.SERVER_CLIENT_OPENED)
                .description("Connections a client application opened per minute between the last two samples"
                        + " (those still open at the second: a lower bound)")
                .register(registry);
    }

    void update(ServerClients clients) {
        List<ServerClients.Application> applications = clients.byApplication();
        List<ServerClients.Application> shown = new ArrayList<>(applications.subList(0,
                Math.min(top, applications.size())));
        if (applications.size() > top || clients.otherSessions() > 0) {
            shown.add(other(applications.subList(shown.size(), applications.size()), clients.otherSessions()));
        }
        List<MultiGauge.Row<?>> sessionRows = new ArrayList<>();
        List<MultiGauge.Row<?>> waitingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> idleRows = new ArrayList<>();
        List<MultiGauge.Row<?>> openedRows = new ArrayList<>();
        for (ServerClients.Application a : shown) {
            Tags tags = Tags.of("application", a.applicationName().isEmpty() ? UNNAMED : a.applicationName(),
                    "role", a.role() == null ? UNNAMED : a.role());
            state(sessionRows, tags, "active", a, ServerClients.Application::active);
            state(sessionRows, tags, "idle", a, ServerClients.Application::idle);
            state(sessionRows, tags, "idle_in_transaction", a, ServerClients.Application::idleInTransaction);
            state(sessionRows, tags, "idle_in_transaction_aborted", a,
                    ServerClients.Application::idleInTransactionAborted);
            state(sessionRows, tags, "unknown", a, ServerClients.Application::unknownState);
            waitingRows.add(MultiGauge.Row.of(tags, a.waitingOnLock()));
            idleRows.add(MultiGauge.Row.of(tags, a.longestIdleInTransaction() == null ? 0.0
                    : a.longestIdleInTransaction().toMillis() / 1000.0));
            openedRows.add(MultiGauge.Row.of(tags, a.openedPerMinute() == null ? 0.0 : a.openedPerMinute()));
        }
        sessions.register(sessionRows, true);
        waiting.register(waitingRows, true);
        idleInTransaction.register(idleRows, true);
        opened.register(openedRows, true);
    }

    private static void state(List<MultiGauge.Row<?>> rows, Tags tags, String state, ServerClients.Application a,
            ToDoubleFunction<ServerClients.Application> count) {
        rows.add(MultiGauge.Row.of(tags.and("state", state), count.applyAsDouble(a)));
    }

    /** The clients beyond the top ones, added up; sessions of clients the query did not list count as unknown. */
    private static ServerClients.Application other(List<ServerClients.Application> rest, int unlisted) {
        ServerClients.Application other = new ServerClients.Application(OTHER, OTHER, unlisted, 0, 0, 0, 0,
                unlisted, 0, null, null);
        for (ServerClients.Application a : rest) {
            other = other.plus(a);
        }
        return other;
    }
}
