package io.poolguard.monitor;

import java.time.Instant;

import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One tick of the monitor: the pool and the server side at {@code at}, in the same shapes as the database view.
 * Fired as a CDI event after it is recorded, so features that react to samples (alerts) observe it instead of
 * querying on their own.
 *
 * @param sequence 1 for the first sample since startup, then one more per sample
 * @param pool the pool at this tick
 * @param poolDelta how much the pool's counters rose since the previous sample (since startup for the first)
 * @param server the server-side sample this tick used
 * @param serverRefreshed false when {@code server} is an earlier sample: the pool was saturated (the monitor does
 *        not queue for a connection behind the application) or the query had not answered within the tick's wait
 */
@RegisterForReflection
public record MonitorSample(long sequence, Instant at, PoolSnapshot pool, PoolCounters poolDelta,
        ServerSample server, boolean serverRefreshed) {
}
