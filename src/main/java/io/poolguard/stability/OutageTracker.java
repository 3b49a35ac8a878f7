package io.poolguard.stability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.poolguard.pool.DatabaseFailure;

/**
 * The stretches of a run without a successful operation: from the last success before them to the first one after.
 * A stretch counts as an outage when it held a connection-class failure ({@link #isConnectionClass}) or lasted longer
 * than the allowed gap. Failure ratio and p99 hide these: 20 failures and every lane blocked for 2 s in a
 * 200,000-operation run stay far under both thresholds.
 * <p>
 * The success path is two volatile reads, and a write at most once per {@link #RESOLUTION_NANOS} (lanes share the
 * last-success time, so a write per operation would bounce its cache line between cores on every operation); a gap's
 * start is therefore known to within that resolution. Only failures and the end of a gap take the lock.
 */
final class OutageTracker {

    /** Outages kept per run; later ones are counted but not itemised. */
    static final int MAX_KEPT = 10;

    /** How precisely a gap's start is known: 1 ms, far below any allowed gap. */
    static final long RESOLUTION_NANOS = 1_000_000;

    private final long allowedGapNanos;
    private final AtomicLong lastSuccessNanos = new AtomicLong();
    private final List<RunView.Outage> outages = new ArrayList<>();
    private final long[] gapFailures = new long[DatabaseFailure.values().length];
    private volatile boolean failuresInGap;
    private long startNanos;
    private Instant startedAt;
    private int outageCount;
    /** The latest outage, while it is the last one kept: one closer than the allowed gap extends it. */
    private long lastFromNanos = Long.MIN_VALUE;
    private long lastToNanos = Long.MIN_VALUE;

    OutageTracker(Duration allowedGap) {
        this.allowedGapNanos = allowedGap.toNanos();
    }

    /** Failures that say the database or the path to it is unusable, as opposed to slow or exhausted. */
    static boolean isConnectionClass(DatabaseFailure failure) {
        return switch (failure) {
            case UNREACHABLE, CONNECTION_CLOSED, READ_ONLY, AUTHENTICATION_FAILED, TOO_MANY_CONNECTIONS -> true;
            default -> false;
        };
    }

    synchronized void started(long nanos, Instant at) {
        startNanos = nanos;
        startedAt = at;
        lastSuccessNanos.set(nanos);
    }

    void success(long nowNanos) {
        long previous = lastSuccessNanos.get();
        if (failuresInGap || nowNanos - previous > allowedGapNanos) {
            closeGap(lastSuccessNanos.getAndSet(nowNanos), nowNanos);
        } else if (nowNanos - previous >= RESOLUTION_NANOS) {
            lastSuccessNanos.set(nowNanos);
        }
    }

    synchronized void failure(DatabaseFailure failure) {
        gapFailures[failure.ordinal()]++;
        failuresInGap = true;
    }

    /** At the end of the run: a gap still open (failures or silence up to the end) is closed at {@code nowNanos}. */
    void finished(long nowNanos) {
        long last = lastSuccessNanos.get();
        if (failuresInGap || nowNanos - last > allowedGapNanos) {
            closeGap(last, nowNanos);
        }
    }

    synchronized List<RunView.Outage> outages() {
        return List.copyOf(outages);
    }

    synchronized int count() {
        return outageCount;
    }

    private synchronized void closeGap(long fromNanos, long toNanos) {
        Map<String, Long> byClass = new LinkedHashMap<>();
        boolean connectionClass = false;
        for (DatabaseFailure f : DatabaseFailure.values()) {
            long n = gapFailures[f.ordinal()];
            if (n > 0) {
                byClass.put(f.label(), n);
                connectionClass |= isConnectionClass(f);
            }
            gapFailures[f.ordinal()] = 0;
        }
        failuresInGap = false;
        long gap = toNanos - fromNanos;
        if (!connectionClass && gap <= allowedGapNanos) {
            return; // failures that are not an outage (pool exhausted, a slow query): the ratio judges them
        }
        // one outage, not several: a success or two between failures (a lane that got a fresh connection while the
        // others still fail) does not end it, a stretch longer than the allowed gap does
        if (lastToNanos != Long.MIN_VALUE && fromNanos - lastToNanos <= allowedGapNanos) {
            RunView.Outage last = outages.remove(outages.size() - 1);
            Map<String, Long> merged = new LinkedHashMap<>(last.failures());
            byClass.forEach((label, n) -> merged.merge(label, n, Long::sum));
            lastToNanos = toNanos;
            outages.add(new RunView.Outage(last.from(), at(toNanos),
                    Math.round((toNanos - lastFromNanos) / 1e6) / 1e3, merged));
            return;
        }
        outageCount++;
        if (outages.size() < MAX_KEPT) {
            outages.add(new RunView.Outage(at(fromNanos), at(toNanos), Math.round(gap / 1e6) / 1e3, byClass));
            lastFromNanos = fromNanos;
            lastToNanos = toNanos;
        } else {
            lastToNanos = Long.MIN_VALUE;
        }
    }

    private Instant at(long nanos) {
        return startedAt == null ? Instant.now() : startedAt.plusNanos(nanos - startNanos);
    }
}
