package io.poolguard.pool;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.failures;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.poolguard.control.PoolApi;
import io.poolguard.metrics.Scrape;
import io.poolguard.stability.StabilityApi;
import io.poolguard.testing.FaultHarness;
import io.poolguard.testing.FaultProfile;
import io.poolguard.testing.FaultProxy;
import io.poolguard.testing.ReadinessWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Scenario 5: the database refuses connections, or drops them on the floor. A borrow fails within the driver's
 * connect timeout (5 s by default), not the pool's 30 s acquisition timeout, and borrowers do not queue in the pool.
 */
@QuarkusTest
@TestProfile(FaultProfile.class)
class DatabaseDownTest {

    /** The driver's default connect timeout ({@code poolguard.pool.driver.connect-timeout-seconds}). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    FaultHarness harness;

    @AfterEach
    void restore() {
        StabilityApi.cancelActiveRuns();
        harness.proxy().setMode(FaultProxy.Mode.PASS);
        harness.primary().startServer();
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        // the pool's sessions died with the server: replace them so later tests do not borrow a dead one
        PoolApi.flushed("graceful");
    }

    @Test
    void whileTheServerRefusesConnectionsBorrowsFailFastWithoutQueueing() {
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        harness.primary().stop();
        harness.proxy().setMode(FaultProxy.Mode.REFUSE);
        ReadinessWatch.awaitDown(Duration.ofSeconds(10), "unreachable");
        awaitGateClosed();

        JsonPath result = burstWatchingWaiters(100);

        assertThat(failures(result, "unreachable")).as("every borrow refused: %s", result.prettify()).isEqualTo(100);
        assertThat(result.getDouble("latencyMillis.max")).as("slowest failed borrow (ms)")
                .isLessThan(CONNECT_TIMEOUT.toMillis());
    }

    @Test
    void whileTheServerIsBlackholedBorrowsFailWithinTheConnectTimeout() {
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        harness.proxy().setMode(FaultProxy.Mode.BLACKHOLE);
        ReadinessWatch.awaitDown(Duration.ofSeconds(10), "timed_out");
        awaitGateClosed();

        JsonPath result = burstWatchingWaiters(20);

        assertThat(failures(result, "timed_out")).as("every borrow timed out: %s", result.prettify()).isEqualTo(20);
        // the connect timeout is what the product promises; two seconds of slack for a loaded machine's scheduling
        // (CI on two cores, the first test of a freshly started application: 6.1 and 6.5 s)
        assertThat(result.getDouble("latencyMillis.max")).as("slowest failed borrow (ms): %s", result.prettify())
                .isLessThan(CONNECT_TIMEOUT.plusSeconds(2).toMillis());
    }

    /**
     * Waits until the pool's gate knows the database is down, the state the waiter assertion is about. Readiness
     * DOWN alone does not mean that: a probe that waited its answer budget (800 ms) for a validation answers
     * {@code timed_out} itself, and the validation, bounded by the same 800 ms, closes the gate when it ends, a
     * moment later. A run started in between borrows through the still open gate into the blackholed pool.
     */
    private static void awaitGateClosed() {
        Awaitility.await("the pool's gate closed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> Scrape.fetch().value("poolguard_pool_database_down").orElse(0.0) == 1.0);
    }

    /**
     * A burst-10 run of {@code count} operations while sampling how many threads wait inside the pool, read over
     * HTTP, so {@link DatabaseDownIT} runs the same against the packaged application.
     */
    private static JsonPath burstWatchingWaiters(int count) {
        AtomicLong mostAwaiting = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        AtomicReference<Throwable> samplerFailure = new AtomicReference<>();
        Thread sampler = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    mostAwaiting.accumulateAndGet(awaiting(), Math::max);
                    samples.incrementAndGet();
                    // a scrape in the service's own JVM: sparingly, so the sampling does not take the CPU the borrows'
                    // timing is measured with (a blackholed borrow lasts seconds)
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                // the run is over
            } catch (Throwable e) {
                samplerFailure.set(e);
            }
        });
        sampler.start();
        try {
            return awaitFinished(startAccepted("{\"count\": " + count + ", \"interval\": 0, \"burst\": 10}"),
                    Duration.ofSeconds(120));
        } finally {
            sampler.interrupt();
            assertThat(samplerFailure.get()).as("the sampler's failure").isNull();
            assertThat(samples.get()).as("the pool was sampled during the run").isPositive();
            assertThat(mostAwaiting.get()).as("threads waiting inside the pool while it is known down").isZero();
        }
    }

    /** Agroal's own gauge, from a scrape: memory only, where a readiness answer would also start validations. */
    private static long awaiting() {
        return (long) Scrape.fetch().value("agroal_awaiting_count").orElseThrow(
                () -> new AssertionError("the scrape has no agroal_awaiting_count"));
    }
}
