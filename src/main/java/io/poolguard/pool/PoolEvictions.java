package io.poolguard.pool;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.concurrent.DaemonThreadFactory;
import io.poolguard.metrics.MetricNames;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one place connections are taken out of the pool on purpose, and where that is counted: the
 * {@code poolguard_pool_evictions_total{reason}} counter, the totals in the database view and the monitor line, and
 * one WARN line per episode. An episode is every eviction of one reason within {@link #EPISODE_QUIET_MILLIS} of the
 * previous one, so a restart that kills twenty connections logs one line saying twenty, not twenty lines.
 * <p>
 * Evictions come from {@link ConnectionGuard} (one connection at a time, as Agroal lends or validates it) and from
 * {@link PoolControl}'s flushes (an operator's through the control API, and PoolGuard's own on a role change).
 */
@Singleton
public class PoolEvictions {

    static final long EPISODE_QUIET_MILLIS = 500;

    private final Provider<AgroalDataSource> dataSource;
    private final Map<EvictionReason, Counter> counters = new EnumMap<>(EvictionReason.class);
    private final Map<EvictionReason, Episode> open = new EnumMap<>(EvictionReason.class);
    private final ScheduledExecutorService logger = Executors.newSingleThreadScheduledExecutor(
            new DaemonThreadFactory("poolguard-evictions"));
    private volatile Last last;

    // the data source through a provider: the pool is being built when ConnectionGuard first evicts
    PoolEvictions(Provider<AgroalDataSource> dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        for (EvictionReason reason : EvictionReason.values()) {
            counters.put(reason, Counter.builder(MetricNames.POOL_EVICTIONS)
                    .description("Connections PoolGuard took out of the pool, by reason")
                    .tag("reason", reason.label())
                    .register(registry));
        }
    }

    /** Counts {@code count} connections taken out for {@code reason}; the episode's WARN line follows. */
    public void evicted(EvictionReason reason, int count, String why) {
        if (count <= 0) {
            return;
        }
        counters.get(reason).increment(count);
        synchronized (open) {
            Episode episode = open.get(reason);
            if (episode == null) {
                episode = new Episode(Instant.now(), why);
                open.put(reason, episode);
                logger.schedule(() -> closeEpisode(reason), EPISODE_QUIET_MILLIS, TimeUnit.MILLISECONDS);
            }
            episode.count += count;
            episode.lastNanos = System.nanoTime();
        }
    }

    /**
     * Asks Agroal to check every idle connection now ({@link AgroalDataSource.FlushMode#INVALID}) on its housekeeping
     * thread; {@link ConnectionGuard} counts the ones that fail and drops suspects without a round trip. Agroal refills
     * the pool to its min-size after the sweep.
     */
    void sweep() {
        dataSource.get().flush(AgroalDataSource.FlushMode.INVALID);
    }

    /** Evictions so far by reason (every reason listed), and the latest episode. */
    public Summary summary() {
        Map<String, Long> totals = new LinkedHashMap<>();
        long all = 0;
        for (EvictionReason reason : EvictionReason.values()) {
            long n = (long) counters.get(reason).count();
            totals.put(reason.label(), n);
            all += n;
        }
        return new Summary(all, totals, last);
    }

    private void closeEpisode(EvictionReason reason) {
        try {
            Episode done;
            synchronized (open) {
                Episode episode = open.get(reason);
                if (episode == null) {
                    return;
                }
                long quietNanos = System.nanoTime() - episode.lastNanos;
                long leftMillis = EPISODE_QUIET_MILLIS - TimeUnit.NANOSECONDS.toMillis(quietNanos);
                if (leftMillis > 0) {
                    logger.schedule(() -> closeEpisode(reason), leftMillis, TimeUnit.MILLISECONDS);
                    return;
                }
                done = open.remove(reason);
            }
            last = new Last(done.startedAt, reason, done.count, done.why);
            Log.warnf(DataSourceLog.PREFIX + "evicted %d connection%s (%s): %s", done.count,
                    done.count == 1 ? "" : "s", reason.label(), done.why);
        } catch (RuntimeException e) {
            Log.errorf(e, DataSourceLog.PREFIX + "could not report evictions (%s)", reason.label());
        }
    }

    @PreDestroy
    void shutdown() {
        logger.shutdownNow();
    }

    private static final class Episode {
        final Instant startedAt;
        final String why;
        long lastNanos;
        int count;

        Episode(Instant startedAt, String why) {
            this.startedAt = startedAt;
            this.why = why;
        }
    }

    /**
     * Evictions since startup.
     *
     * @param total all reasons together
     * @param byReason every reason, zeros included
     * @param last the latest finished episode, null before the first
     */
    @RegisterForReflection
    public record Summary(long total, Map<String, Long> byReason, Last last) {
    }

    /** One finished episode: when it started, why, how many connections. */
    @RegisterForReflection
    public record Last(Instant at, EvictionReason reason, int count, String why) {
    }
}
