package io.poolguard.server;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The server's clients in a few figures, for the database view, the history and the alerts. A client here is an
 * application name and role, over all its addresses (as in the {@code poolguard_server_client_*} metrics).
 *
 * @param clients distinct clients (application, role, address) on the server
 * @param complete false when PoolGuard's role lacks {@code pg_monitor}: other roles' sessions then show no state,
 *        address or ages, and figures about them are partial
 * @param hiddenSessions sessions whose details PoolGuard's role may not see
 * @param mostSessions the client with the most sessions (value: sessions)
 * @param longestIdleInTransaction the client with the longest idle-in-transaction session (value: seconds); null
 *        when no session is idle in a transaction
 * @param mostOpened the client opening connections fastest (value: connections per minute); null on the first
 *        sample or when none opened one
 */
@RegisterForReflection
public record ClientsSummary(int clients, boolean complete, int hiddenSessions, Leader mostSessions,
        Leader longestIdleInTransaction, Leader mostOpened) {

    public static final ClientsSummary NONE = new ClientsSummary(0, true, 0, null, null, null);

    /** A client and the figure it leads with. */
    @RegisterForReflection
    public record Leader(String applicationName, String role, double value) {

        /** {@code 'app' (role r)}: how messages name a client. */
        public String name() {
            return "'" + applicationName + "' (role " + role + ")";
        }
    }
}
