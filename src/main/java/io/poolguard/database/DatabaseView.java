package io.poolguard.database;

import java.time.Duration;
import java.time.Instant;

import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.IdleLimit;
import io.poolguard.pool.PoolEvictions;
import io.poolguard.pool.PoolSettings;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/v1/hc/database}: everything on-call needs about the database connection on one page. Durations
 * are in seconds (decimal).
 *
 * @param status UP when the database is usable (same answer as readiness), DOWN otherwise
 * @param failure the failure class when DOWN (pool_exhausted, unreachable, authentication_failed, timed_out,
 *        too_many_connections, read_only, connection_closed, other)
 * @param reason the driver's message or our own words when DOWN; never credentials
 * @param checkedAt when the database was last validated
 * @param validationTime that validation's round trip
 * @param config the pool's effective settings, URL without credentials
 * @param pool the pool's live state
 * @param server the server's side of our connections
 * @param sizing sizing advice and the connection budget
 * @param evictions connections PoolGuard took out of the pool, by reason, and the latest episode
 * @param idleLimit which network idle timeout (NAT, firewall, load balancer) idle pooled connections survive
 */
@RegisterForReflection
public record DatabaseView(
        String status,
        DatabaseFailure failure,
        String reason,
        Instant checkedAt,
        Duration validationTime,
        PoolSettings config,
        PoolSnapshot pool,
        ServerSample server,
        SizingAdvice sizing,
        PoolEvictions.Summary evictions,
        IdleLimit idleLimit) {
}
