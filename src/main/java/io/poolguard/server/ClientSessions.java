package io.poolguard.server;

import java.time.Duration;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One client of the server (application name, role, client address) as one {@code pg_stat_activity} query saw it.
 * Point-in-time counts; ages are null when no session of the client has one (or its sessions are hidden).
 *
 * @param applicationName {@code application_name} ("" when the client sets none)
 * @param role the login role ({@code usename})
 * @param clientAddress the client's IP address; null for a Unix socket or when hidden (no {@code pg_monitor})
 * @param sessions all its sessions
 * @param active sessions running a statement
 * @param idle sessions idle outside a transaction
 * @param idleInTransaction sessions idle inside an open transaction (holding its locks and snapshot)
 * @param idleInTransactionAborted sessions idle in a failed transaction, waiting for a rollback
 * @param unknownState sessions whose state PoolGuard's role may not see (no {@code pg_monitor}) or that are in
 *        another state
 * @param waitingOnLock sessions waiting for a lock ({@code wait_event_type = 'Lock'})
 * @param oldestTransactionAge age of its oldest open transaction
 * @param longestIdleInTransaction how long its longest idle-in-transaction session has been idle
 * @param connectionAge youngest, median and oldest connection: is recycling ({@code max-lifetime}) working?
 * @param openedSinceLastSample connections opened since the previous sample and still open at this one (a lower
 *        bound: one opened and closed between two samples is never seen); null on the first sample
 * @param openedPerMinute the same per minute of time between the two samples; null on the first sample
 * @param idleInTransactionQuery the last statement of its longest idle-in-transaction session, first 200
 *        characters; only with {@code poolguard.server-view.show-queries=true}
 * @param activeQuery the statement its longest-running active session runs, first 200 characters; only with
 *        {@code poolguard.server-view.show-queries=true}
 */
@RegisterForReflection
public record ClientSessions(
        String applicationName,
        String role,
        String clientAddress,
        int sessions,
        int active,
        int idle,
        int idleInTransaction,
        int idleInTransactionAborted,
        int unknownState,
        int waitingOnLock,
        Duration oldestTransactionAge,
        Duration longestIdleInTransaction,
        ConnectionAge connectionAge,
        Integer openedSinceLastSample,
        Double openedPerMinute,
        String idleInTransactionQuery,
        String activeQuery) {

    /** Youngest, median and oldest connection age; each null when no session shows its start. */
    @RegisterForReflection
    public record ConnectionAge(Duration youngest, Duration median, Duration oldest) {
    }
}
