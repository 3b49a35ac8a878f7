package io.poolguard.stability;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Operation latencies of one run in constant memory, whatever the count: writers record wait-free into an HdrHistogram
 * {@link Recorder} (microseconds, 3 significant digits, up to an hour; longer values count as an hour); readers fold
 * what was recorded since the last read into a running total.
 */
final class LatencyRecorder {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private Histogram interval;

    void record(long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
    }

    /** All latencies recorded so far, in milliseconds. */
    synchronized RunView.Latency summary() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        if (total.getTotalCount() == 0) {
            return new RunView.Latency(0, 0, 0, 0, 0, 0);
        }
        return new RunView.Latency(millis(total.getValueAtPercentile(50)), millis(total.getValueAtPercentile(90)),
                millis(total.getValueAtPercentile(99)), millis(total.getValueAtPercentile(99.9)),
                millis(total.getMaxValue()), Math.round(total.getMean()) / 1_000.0);
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
