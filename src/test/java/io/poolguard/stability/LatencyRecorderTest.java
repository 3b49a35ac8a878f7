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
    void percentilesOfAMillionConcurrentRecordingsAreAccurate() throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        int threads = 4;
        int perThread = 250_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                // 1..1000 ms, uniformly, in microsecond steps
                for (int i = 0; i < perThread; i++) {
                    recorder.record(TimeUnit.MICROSECONDS.toNanos(1_000 + (i % 1000) * 999L));
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
    void valuesBeyondAnHourAreCountedAsAnHour() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(TimeUnit.HOURS.toNanos(5));
        assertThat(recorder.summary().max()).isCloseTo(3_600_000, within(3_600.0));
    }

    @Test
    void noRecordingsGiveZeros() {
        assertThat(new LatencyRecorder().summary()).isEqualTo(new RunView.Latency(0, 0, 0, 0, 0, 0));
    }
}
