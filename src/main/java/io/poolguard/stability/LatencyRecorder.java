package io.poolguard.stability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Operation latencies of one run in constant memory, whatever the count: microseconds, 3 significant digits, up to an
 * hour (longer values count as an hour). Each writer (a lane) records into its own HdrHistogram
 * {@link SingleWriterRecorder}, so writers share no atomics and no cache line with each other; readers fold what every
 * writer recorded since the last read into a running total. The histograms grow with the largest value seen, not
 * with the count, so a lane of sub-millisecond operations costs a few kilobytes.
 */
final class LatencyRecorder {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final List<Writer> writers = new CopyOnWriteArrayList<>();
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);

    /** A recorder for one thread: only that thread may call {@link Writer#record}. */
    Writer writer() {
        Writer writer = new Writer();
        writers.add(writer);
        return writer;
    }

    /** All latencies recorded so far by every writer, in milliseconds. */
    synchronized RunView.Latency summary() {
        for (Writer writer : writers) {
            writer.interval = writer.recorder.getIntervalHistogram(writer.interval);
            total.add(writer.interval);
        }
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

    /** One thread's latencies. */
    static final class Writer {

        private final SingleWriterRecorder recorder = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
        private Histogram interval; // the reader's, recycled between reads (guarded by the LatencyRecorder)

        private Writer() {
        }

        void record(long nanos) {
            recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
        }
    }
}
