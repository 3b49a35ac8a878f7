package io.poolguard.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every client of the server from one server-view query: the clients listed (most sessions first, at most
 * {@code poolguard.server-view.max-clients}) and what was left out.
 *
 * @param serverTime the server's {@code now()} at the query: the next sample counts connections opened after it
 * @param sinceLastSample time since the previous sample's query; null on the first
 * @param complete false without {@code pg_monitor} (see {@link ClientsSummary#complete()})
 * @param hiddenSessions sessions PoolGuard's role may not see the details of
 * @param clients distinct clients on the server, listed or not
 * @param listed the clients listed
 * @param otherSessions sessions of the clients not listed
 */
public record ServerClients(Instant serverTime, Duration sinceLastSample, boolean complete, int hiddenSessions,
        int clients, List<ClientSessions> listed, int otherSessions) {

    /** One application name and role over all its addresses. */
    public record Application(String applicationName, String role, int sessions, int active, int idle,
            int idleInTransaction, int idleInTransactionAborted, int unknownState, int waitingOnLock,
            Duration longestIdleInTransaction, Double openedPerMinute) {

        static Application of(ClientSessions c) {
            return new Application(c.applicationName(), c.role(), c.sessions(), c.active(), c.idle(),
                    c.idleInTransaction(), c.idleInTransactionAborted(), c.unknownState(), c.waitingOnLock(),
                    c.longestIdleInTransaction(), c.openedPerMinute());
        }

        /** This application's figures with {@code b}'s added (keeping this one's name). */
        Application plus(Application b) {
            return new Application(applicationName, role, sessions + b.sessions(), active + b.active(),
                    idle + b.idle(), idleInTransaction + b.idleInTransaction(),
                    idleInTransactionAborted + b.idleInTransactionAborted(), unknownState + b.unknownState(),
                    waitingOnLock + b.waitingOnLock(), longer(longestIdleInTransaction, b.longestIdleInTransaction()),
                    b.openedPerMinute() == null ? openedPerMinute
                            : (openedPerMinute == null ? 0 : openedPerMinute) + b.openedPerMinute());
        }

        private static Duration longer(Duration a, Duration b) {
            return a == null ? b : b == null || a.compareTo(b) >= 0 ? a : b;
        }
    }

    /** The listed clients per application name and role, most sessions first. */
    public List<Application> byApplication() {
        Map<List<String>, Application> applications = new LinkedHashMap<>();
        for (ClientSessions c : listed) {
            applications.merge(Arrays.asList(c.applicationName(), c.role()), Application.of(c), Application::plus);
        }
        List<Application> sorted = new ArrayList<>(applications.values());
        sorted.sort(Comparator.comparingInt(Application::sessions).reversed());
        return sorted;
    }

    /**
     * The few figures the database view, the history and the alerts carry. Leaders are clients with a role: a
     * backend still authenticating shows none (and no application name) and is nobody's connection yet.
     */
    public ClientsSummary summary() {
        List<Application> applications = byApplication().stream().filter(a -> a.role() != null).toList();
        ClientsSummary.Leader most = applications.isEmpty() ? null : leader(applications.get(0),
                applications.get(0).sessions());
        ClientsSummary.Leader idleInTransaction = applications.stream()
                .filter(a -> a.longestIdleInTransaction() != null)
                .max(Comparator.comparing(Application::longestIdleInTransaction))
                .map(a -> leader(a, a.longestIdleInTransaction().toMillis() / 1000.0)).orElse(null);
        ClientsSummary.Leader opened = applications.stream()
                .filter(a -> a.openedPerMinute() != null && a.openedPerMinute() > 0)
                .max(Comparator.comparing(Application::openedPerMinute))
                .map(a -> leader(a, a.openedPerMinute())).orElse(null);
        return new ClientsSummary(clients, complete, hiddenSessions, most, idleInTransaction, opened);
    }

    private static ClientsSummary.Leader leader(Application a, double value) {
        return new ClientsSummary.Leader(a.applicationName(), a.role(), value);
    }
}
