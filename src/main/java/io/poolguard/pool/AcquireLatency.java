package io.poolguard.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Borrow latency through {@code PoolAccess} since startup. Percentiles come from the timer's histogram, so each is
 * the upper bound of the bucket it falls in (as Prometheus' {@code histogram_quantile} would place it, without
 * interpolation): "p99 <= 1 ms", not an exact value.
 *
 * @param count successful borrows
 * @param p50 null before the first borrow
 */
@RegisterForReflection
public record AcquireLatency(long count, Duration mean, Duration max, Duration p50, Duration p95, Duration p99) {

    static AcquireLatency of(Timer timer) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        return new AcquireLatency(snapshot.count(),
                nanos(snapshot.mean(TimeUnit.NANOSECONDS)),
                nanos(snapshot.max(TimeUnit.NANOSECONDS)),
                percentile(snapshot, 0.50),
                percentile(snapshot, 0.95),
                percentile(snapshot, 0.99));
    }

    /** The smallest bucket bound holding at least {@code q} of the observations; the recent max past the last bucket. */
    static Duration percentile(HistogramSnapshot snapshot, double q) {
        if (snapshot.count() == 0) {
            return null;
        }
        double wanted = q * snapshot.count();
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (bucket.count() >= wanted) {
                return nanos(bucket.bucket(TimeUnit.NANOSECONDS));
            }
        }
        return nanos(snapshot.max(TimeUnit.NANOSECONDS));
    }

    private static Duration nanos(double nanos) {
        return Duration.ofNanos((long) nanos);
    }
}
