package io.poolguard.server;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The database server's side of our connections, as one query saw it. Counts come from {@code pg_stat_activity} at
 * one instant; they are point-in-time and need not add up with the pool's own counts.
 *
 * @param serverVersion PostgreSQL's {@code server_version}
 * @param maxConnections {@code max_connections}
 * @param superuserReservedConnections {@code superuser_reserved_connections}
 * @param totalConnections every client backend on the server, whoever owns it
 * @param ours our sessions (by application name) by state
 * @param oldestTransactionAge age of the oldest open transaction on the server (any client), null when none
 * @param inRecovery true on a standby or a server in recovery: it accepts reads only
 * @param takenAt when the query ran
 * @param queryTime how long the query took
 */
@RegisterForReflection
public record ServerView(
        String serverVersion,
        int maxConnections,
        int superuserReservedConnections,
        int totalConnections,
        OurSessions ours,
        Duration oldestTransactionAge,
        boolean inRecovery,
        Instant takenAt,
        Duration queryTime) {

    /** Connections ordinary roles can open: {@code max_connections - superuser_reserved_connections}. */
    @JsonProperty
    public int availableConnections() {
        return maxConnections - superuserReservedConnections;
    }

    /** Our sessions by {@code pg_stat_activity.state}. */
    @RegisterForReflection
    public record OurSessions(int active, int idle, int idleInTransaction, int idleInTransactionAborted, int total) {
    }
}
