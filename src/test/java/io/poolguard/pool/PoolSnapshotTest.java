package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.poolguard.testing.Samples;

/** What the pool snapshot derives from Agroal's counters and PoolAccess's timer, without Quarkus. */
class PoolSnapshotTest {

    @Test
    void saturatedMeansEveryConnectionOutOrSomeoneWaiting() {
        assertThat(Samples.pool(3, 0, 3).saturated()).isTrue();
        assertThat(Samples.pool(2, 1, 3).saturated()).isTrue();
        assertThat(Samples.pool(2, 0, 3).saturated()).isFalse();
    }

    @Test
    void utilisationIsActiveOverMaxSizeFromZeroToOne() {
        assertThat(Samples.pool(3, 0, 10).utilisation()).isEqualTo(0.3);
        assertThat(Samples.pool(12, 0, 10).utilisation()).as("capped at 1 after a resize below active")
                .isEqualTo(1.0);
        assertThat(Samples.pool(0, 0, 0).utilisation()).as("a pool of no size is not used").isZero();
    }

    @Test
    void countersRiseFieldByFieldAndAFlushIsNoNegativeIncrease() {
        PoolCounters before = new PoolCounters(10, 5, 1, 0, 0, 0, 2, 4);
        PoolCounters after = new PoolCounters(15, 6, 1, 1, 0, 0, 3, 7);
        assertThat(after.since(before)).isEqualTo(new PoolCounters(5, 1, 0, 1, 0, 0, 1, 3));
        assertThat(new PoolCounters(0, 0, 0, 0, 0, 0, 3, 0).since(before).acquired())
                .as("Agroal restarts its counters on a flush").isZero();
    }

    @Test
    void acquirePercentilesAreHistogramBucketBounds() {
        // the registry the service runs with: its timers keep the histogram buckets
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Timer timer = Timer.builder("t").publishPercentileHistogram().register(registry);
        assertThat(AcquireLatency.of(timer).p99()).as("no borrows yet").isNull();
        for (int i = 0; i < 99; i++) {
            timer.record(Duration.ofMillis(2));
        }
        timer.record(Duration.ofMillis(900));
        AcquireLatency latency = AcquireLatency.of(timer);
        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50()).as("p50 bucket bound just above 2 ms")
                .isBetween(Duration.ofMillis(2), Duration.ofMillis(3));
        assertThat(latency.p99()).as("99 of 100 at 2 ms").isLessThan(Duration.ofMillis(3));
        assertThat(latency.max()).isEqualTo(Duration.ofMillis(900));
    }
}
