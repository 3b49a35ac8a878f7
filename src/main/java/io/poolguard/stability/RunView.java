package io.poolguard.stability;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.poolguard.pool.PoolCounters;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A run as the API shows it: what was asked, how far it got, and what it found. Figures are live while the run is
 * going and fixed once it has finished.
 *
 * @param failures operations that failed, by class (every class listed, zeros included)
 * @param pool change of the pool's counters since the run started (see {@link PoolCounters})
 * @param outages stretches without a successful operation that held connection-class failures or outlasted the
 *        allowed gap, oldest first (at most {@link OutageTracker#MAX_KEPT})
 * @param verdict null until the run has finished
 * @param error why a failed run could not go on (safe to show)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        String id,
        RunState state,
        Request request,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Progress progress,
        double elapsedSeconds,
        double throughputPerSecond,
        long successes,
        Map<String, Long> failures,
        Latency latencyMillis,
        PoolCounters pool,
        List<Outage> outages,
        Verdict verdict,
        String error) {

    /** The request as the run understood it; durations as ISO-8601. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(long count, String interval, int burst, Mode mode, String hold, String timeout) {

        static Request of(RunSpec spec) {
            return new Request(spec.count(), spec.interval().toString(), spec.burst(), spec.mode(),
                    spec.hold() == null ? null : spec.hold().toString(),
                    spec.timeout() == null ? null : spec.timeout().toString());
        }
    }

    @RegisterForReflection
    public record Progress(long done, long total) {
    }

    /** Operation latency in milliseconds (hold mode: the borrow, not the hold). All zero before the first. */
    @RegisterForReflection
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
    }

    /**
     * From the last successful operation before it to the first one after (so {@code seconds} is the time nothing
     * succeeded), with the failures in between by class.
     */
    @RegisterForReflection
    public record Outage(Instant from, Instant to, double seconds, Map<String, Long> failures) {
    }

    /**
     * Stable when the run saw no outage and the failure ratio and p99 stay within the configured thresholds; the
     * reason says which did not.
     */
    @RegisterForReflection
    public record Verdict(boolean stable, String reason) {
    }
}
