package io.poolguard.stability;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits that keep a stability run from hurting the database it is meant to protect, and the thresholds of its
 * verdict. Every item is also an environment variable ({@code poolguard.stability.max-count} from
 * {@code POOLGUARD_STABILITY_MAX_COUNT}). {@link StabilityConfigValidator} refuses to start on nonsense values.
 */
@ConfigMapping(prefix = "poolguard.stability")
public interface StabilityConfig {

    /** Runs that may be queued or running at once; one more gets 409. Default 1. */
    @WithDefault("1")
    int maxConcurrentRuns();

    /**
     * Largest {@code burst} for {@code pooled} and {@code hold} runs, as a share of the pool's max-size (rounded down,
     * at least 1): with the default 0.5 a run never takes more than half of the pool, so the application keeps the
     * rest. Above 1, a hold run can take the whole pool and make other borrowers wait into acquisition timeouts: an
     * operator's deliberate choice. For {@code fresh} runs the same share applies to the server's free connection
     * slots (never more than all of them). Default 0.5.
     */
    @WithDefault("0.5")
    double burstShare();

    /** Largest {@code count} of one run. Default 10000000. */
    @WithDefault("10000000")
    long maxCount();

    /** Longest {@code interval} between bursts. Default 1H. */
    @WithDefault("1H")
    Duration maxInterval();

    /** Longest {@code hold} in hold mode. Default 10M. */
    @WithDefault("10M")
    Duration maxHold();

    /** Longest per-operation {@code timeout}. Default 5M. */
    @WithDefault("5M")
    Duration maxTimeout();

    /** Finished runs kept for {@code GET}; the oldest is forgotten first. Default 20. */
    @WithDefault("20")
    int historySize();

    /** How often the events stream sends progress (at most 1S, so clients see progress every second). Default 500MS. */
    @WithDefault("500MS")
    Duration eventsInterval();

    /** How long {@code DELETE} waits for a cancelled run to stop before answering 202 instead of 200. Default 5S. */
    @WithDefault("5S")
    Duration cancelWait();

    /** When a finished run counts as stable. */
    VerdictThresholds verdict();

    interface VerdictThresholds {
        /** Largest share of failed operations (0..1) for a stable verdict. Default 0.01. */
        @WithDefault("0.01")
        double maxFailureRatio();

        /** Largest p99 operation latency for a stable verdict. Default 500MS. */
        @WithDefault("500MS")
        Duration maxP99();

        /**
         * Longest stretch without a successful operation (on top of the run's interval) for a stable verdict; a run
         * with a longer one, or with any connection-class failure (unreachable, connection_closed, read_only,
         * authentication_failed, too_many_connections), is not stable and its verdict names the outage. Default 1S.
         */
        @WithDefault("1S")
        Duration maxGap();
    }
}
