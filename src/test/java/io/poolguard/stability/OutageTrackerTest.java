package io.poolguard.stability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.poolguard.pool.DatabaseFailure;

class OutageTrackerTest {

    private static final long MS = 1_000_000;

    @Test
    void failuresBrokenByASuccessWithinTheAllowedGapAreOneOutage() {
        OutageTracker tracker = new OutageTracker(Duration.ofSeconds(1));
        tracker.started(0, Instant.EPOCH);
        tracker.failure(DatabaseFailure.CONNECTION_CLOSED);
        tracker.success(2 * MS); // one lane got a fresh connection while the others still fail
        tracker.failure(DatabaseFailure.UNREACHABLE);
        tracker.failure(DatabaseFailure.UNREACHABLE);
        tracker.success(3_000 * MS);

        assertThat(tracker.outages()).as("one outage across the lone success").hasSize(1);
        RunView.Outage outage = tracker.outages().get(0);
        assertThat(outage.failures()).as("failures of both stretches")
                .isEqualTo(Map.of("connection_closed", 1L, "unreachable", 2L));
        assertThat(outage.seconds()).as("from the first stretch's start to the end of the last").isEqualTo(3.0);
        assertThat(tracker.count()).isEqualTo(1);
    }

    @Test
    void outagesFurtherApartThanTheAllowedGapStaySeparate() {
        OutageTracker tracker = new OutageTracker(Duration.ofSeconds(1));
        tracker.started(0, Instant.EPOCH);
        tracker.failure(DatabaseFailure.CONNECTION_CLOSED);
        tracker.success(10 * MS);
        for (long t = 20; t <= 5_000; t += 10) {
            tracker.success(t * MS);
        }
        tracker.failure(DatabaseFailure.CONNECTION_CLOSED);
        tracker.success(5_020 * MS);

        assertThat(tracker.outages()).as("two outages five seconds apart").hasSize(2);
        assertThat(tracker.count()).isEqualTo(2);
    }
}
