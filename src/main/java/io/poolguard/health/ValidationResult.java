package io.poolguard.health;

import java.time.Duration;
import java.time.Instant;

import io.poolguard.pool.DatabaseFailure;

/**
 * What one readiness validation of the database found: usable or not, why not, and how long the round trip took.
 *
 * @param failure null when usable
 * @param reason a driver message or our own words when not usable; never contains credentials
 * @param inRecovery the server accepts reads only: in recovery (a standby) or with default_transaction_read_only
 *        on; false when unknown
 * @param roundTrip how long the validation took, connecting included
 * @param at when it finished
 * @param atNanos {@link System#nanoTime()} when it finished, for the cache's age
 */
public record ValidationResult(DatabaseFailure failure, String reason, boolean inRecovery, Duration roundTrip, Instant at,
        long atNanos) {

    static ValidationResult usable(boolean inRecovery, Duration roundTrip) {
        return new ValidationResult(null, null, inRecovery, roundTrip, Instant.now(), System.nanoTime());
    }

    static ValidationResult failed(DatabaseFailure failure, String reason, Duration roundTrip) {
        return new ValidationResult(failure, reason, false, roundTrip, Instant.now(), System.nanoTime());
    }

    public boolean isUp() {
        return failure == null;
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - atNanos);
    }
}
