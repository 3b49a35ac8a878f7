package io.poolguard.database;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.poolguard.server.ClientSessions;
import io.poolguard.server.ServerSample;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/v1/hc/database/clients}: every client application on the server, from the monitor's last server
 * view (no query per request). Durations are in seconds (decimal).
 *
 * @param status the latest server-view attempt: UP, DOWN (the clients are then the last good ones) or UNKNOWN
 *        (none yet: no clients)
 * @param sampledAt when the clients shown were read
 * @param age how old they are
 * @param sinceLastSample time between that read and the one before it (what {@code openedPerMinute} divides by)
 * @param complete false when PoolGuard's role lacks {@code pg_monitor}: then other roles' sessions show no state,
 *        address or ages, and the figures about them are partial
 * @param visibility the above in words
 * @param hiddenSessions sessions whose details PoolGuard's role may not see
 * @param queriesShown whether query text is shown ({@code poolguard.server-view.show-queries})
 * @param totalClients distinct clients (application name, role, address) on the server
 * @param clients the clients, most sessions first, at most {@code poolguard.server-view.max-clients}
 * @param other the clients left out of the list
 */
@RegisterForReflection
public record ClientsView(
        ServerSample.Status status,
        Instant sampledAt,
        Duration age,
        Duration sinceLastSample,
        boolean complete,
        String visibility,
        int hiddenSessions,
        boolean queriesShown,
        int totalClients,
        List<ClientSessions> clients,
        Other other) {

    /** Clients beyond the listed ones. */
    @RegisterForReflection
    public record Other(int clients, int sessions) {
    }
}
