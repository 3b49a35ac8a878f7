package io.poolguard.testing;

import java.time.Duration;
import java.time.Instant;

import io.poolguard.pool.AcquireLatency;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerView;

/** Pool snapshots and server samples as rules see them, for tests that need no running service. */
public final class Samples {

    private static final PoolSnapshot.Times NO_TIME = new PoolSnapshot.Times(Duration.ZERO, Duration.ZERO,
            Duration.ZERO);
    private static final AcquireLatency NO_BORROWS = new AcquireLatency(0, Duration.ZERO, Duration.ZERO, null, null,
            null);

    private Samples() {
    }

    /** A pool of {@code maxSize} with {@code active} lent out, the rest idle, and no counter risen yet. */
    public static PoolSnapshot pool(int active, int awaiting, int maxSize) {
        return pool(active, awaiting, maxSize, 0);
    }

    public static PoolSnapshot pool(int active, int awaiting, int maxSize, long acquisitionTimeouts) {
        return new PoolSnapshot(true, active, Math.max(0, maxSize - active), awaiting, maxSize, 0, active, 0, 0, 0, 0,
                0, 0, acquisitionTimeouts, 0, NO_TIME, NO_TIME, NO_BORROWS);
    }

    /** Counters risen by nothing but {@code acquisitionTimeouts}. */
    public static PoolCounters rose(long acquisitionTimeouts) {
        return new PoolCounters(0, 0, 0, 0, 0, 0, acquisitionTimeouts, 0);
    }

    /**
     * A server read at {@code at}: max_connections 100, 3 reserved (97 for ordinary roles), {@code total} client
     * connections, two of them ours.
     */
    public static ServerSample up(Instant at, int total, double oldestTransactionSeconds) {
        return up(at, 100, 3, total, oldestTransactionSeconds);
    }

    public static ServerSample up(Instant at, int maxConnections, int reserved, int total,
            double oldestTransactionSeconds) {
        return up(at, maxConnections, reserved, total, oldestTransactionSeconds, false);
    }

    /** A server read at {@code at}, a standby when {@code inRecovery}. */
    public static ServerSample up(Instant at, int maxConnections, int reserved, int total,
            double oldestTransactionSeconds, boolean inRecovery) {
        Duration oldest = oldestTransactionSeconds == 0 ? null
                : Duration.ofMillis((long) (oldestTransactionSeconds * 1000));
        ServerView view = new ServerView("17.6", maxConnections, reserved, total,
                new ServerView.OurSessions(1, 1, 0, 0, 2), oldest, inRecovery, at, Duration.ofMillis(1));
        return new ServerSample(ServerSample.Status.UP, null, null, at, view);
    }

    public static ServerSample down(Instant at, DatabaseFailure failure) {
        return new ServerSample(ServerSample.Status.DOWN, failure, "refused", at, null);
    }
}
