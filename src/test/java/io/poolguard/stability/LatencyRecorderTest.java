package io.poolguard.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesOfAMillionRecordingsFromConcurrentWritersAreAccurate() throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        int threads = 4;
        int perThread = 250_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                LatencyRecorder.Writer writer = recorder.writer();
                // 1..1000 ms, uniformly, in microsecond steps
                for (int i = 0; i < perThread; i++) {
                    writer.record(TimeUnit.MICROSECONDS.toNanos(1_000 + (i % 1000) * 999L));
                    if (i % 50_000 == 0) {
                        recorder.summary(); // readers fold while writers record
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("recorders finished").isTrue();
        pool.shutdown();

        RunView.Latency latency = recorder.summary();

        assertThat(latency.p50()).as("p50").isCloseTo(500, within(2.0));
        assertThat(latency.p99()).as("p99").isCloseTo(990, within(2.0));
        assertThat(latency.max()).as("max").isCloseTo(999, within(1.0));
        assertThat(latency.mean()).as("mean").isCloseTo(500, within(2.0));
    }

    @Test
    void summariesAddUpWritersWithoutCountingAnyValueTwice() {
        LatencyRecorder recorder = new LatencyRecorder();
        LatencyRecorder.Writer fast = recorder.writer();
        LatencyRecorder.Writer slow = recorder.writer();
        for (int i = 0; i < 99; i++) {
            fast.record(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(recorder.summary().max()).as("max after the fast writer").isCloseTo(1, within(0.01));
        slow.record(TimeUnit.MILLISECONDS.toNanos(100));
        RunView.Latency latency = recorder.summary();
        assertThat(latency.max()).as("max once the slow writer recorded").isCloseTo(100, within(0.1));
        assertThat(latency.p50()).as("p50 of 99 x 1 ms and 1 x 100 ms").isCloseTo(1, within(0.01));
        assertThat(latency.mean()).as("mean: each value counted once across summaries")
                .isCloseTo((99 * 1 + 100) / 100.0, within(0.01));
    }

    @Test
    void valuesBeyondAnHourAreCountedAsAnHour() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.writer().record(TimeUnit.HOURS.toNanos(5));
        assertThat(recorder.summary().max()).isCloseTo(3_600_000, within(3_600.0));
    }

    @Test
    void noRecordingsGiveZeros() {
        assertThat(new LatencyRecorder().summary()).isEqualTo(new RunView.Latency(0, 0, 0, 0, 0, 0));
    }
}
