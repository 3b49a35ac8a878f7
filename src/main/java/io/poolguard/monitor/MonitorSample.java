package io.poolguard.monitor;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One tick of the monitor: the pool and the server side at {@code at}. Fired as a CDI event after it is recorded,
 * so features that react to samples (alerts) observe it instead of querying on their own.
 *
 * @param sequence 1 for the first sample since startup, then one more per sample
 */
@RegisterForReflection
public record MonitorSample(long sequence, Instant at, PoolState pool, ServerState server) {
}
