package io.poolguard.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The sampler's own resilience: failing and stalled ticks (needs bean injection, so no IT twin). */
@QuarkusTest
@TestProfile(MonitorTestProfile.class)
class MonitorSamplerTest {

    @Inject
    SampleHook hook;

    @Inject
    MeterRegistry registry;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger samplerLog = Logger.getLogger(MonitorSampler.class.getName());

    @BeforeEach
    void captureLog() {
        samplerLog.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        samplerLog.removeHandler(capture);
    }

    @Test
    void aFailingTickIsLoggedAndCountedAndTheNextTickRuns() {
        double failedBefore = ticks("failed");
        hook.failNextTick();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ticks("failed"))
                .as("the failed tick is counted").isEqualTo(failedBefore + 1));
        double okAfterFailure = ticks("ok");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ticks("ok"))
                .as("ticks go on after the failure").isGreaterThanOrEqualTo(okAfterFailure + 2));
        assertThat(logged).as("the failure is logged at ERROR with its cause")
                .anySatisfy(record -> {
                    assertThat(record.getLevel().intValue()).isGreaterThanOrEqualTo(Level.SEVERE.intValue());
                    assertThat(record.getMessage()).contains("monitor tick failed");
                    assertThat(record.getThrown()).hasMessageContaining("injected by the test");
                });
    }

    @Test
    void aTickThatRunsLongMakesTheNextOneLateWithoutOverlap() {
        double lateBefore = ticks("late");
        double okBefore = ticks("ok");
        hook.stallNextTick(Duration.ofMillis(600));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ticks("late"))
                .as("the tick after a 600 ms stall (interval 200 ms) is counted late").isGreaterThan(lateBefore));
        assertThat(logged).as("lateness is logged at WARN")
                .anySatisfy(record -> {
                    assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                    assertThat(record.getMessage()).contains("late");
                });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ticks("ok"))
                .as("sampling resumes").isGreaterThanOrEqualTo(okBefore + 3));
        assertThat(ticks("late") - lateBefore).as("one late tick, no burst of catch-up ticks")
                .isLessThanOrEqualTo(2);
    }

    private double ticks(String outcome) {
        return registry.get(MetricNames.MONITOR_TICKS).tag("outcome", outcome).counter().count();
    }
}
