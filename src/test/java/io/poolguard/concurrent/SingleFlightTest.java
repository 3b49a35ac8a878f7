package io.poolguard.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final ExecutorService executor = Executors.newCachedThreadPool(new DaemonThreadFactory("test"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void callersArrivingWhileATaskRunsShareItsResult() throws Exception {
        SingleFlight<Integer> flight = new SingleFlight<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();

        CompletableFuture<Integer> first = flight.run(executor, () -> {
            await(release);
            return runs.incrementAndGet();
        });
        CompletableFuture<Integer> second = flight.run(executor, runs::incrementAndGet);
        assertThat(second).as("a caller during the flight gets the flight's result").isSameAs(first);

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(runs).as("one task ran for both callers").hasValue(1);
    }

    @Test
    void aCallerAfterTheFlightStartsANewOne() throws Exception {
        SingleFlight<Integer> flight = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        assertThat(flight.run(executor, runs::incrementAndGet).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(flight.run(executor, runs::incrementAndGet).get(10, TimeUnit.SECONDS))
                .as("the first flight has landed: a new one").isEqualTo(2);
    }

    @Test
    void aFailedTaskFailsItsCallersAndTheNextCallTriesAgain() throws Exception {
        SingleFlight<Integer> flight = new SingleFlight<>();
        CompletableFuture<Integer> failed = flight.run(executor, () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(failed).failsWithin(10, TimeUnit.SECONDS);
        assertThat(flight.run(executor, () -> 7).get(10, TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void aRejectedTaskFailsInsteadOfHanging() {
        SingleFlight<Integer> flight = new SingleFlight<>();
        executor.shutdown();
        assertThat(flight.run(executor, () -> 1)).as("shutdown executor").isCompletedExceptionally();
        assertThat(flight.run(DirectExecutor.INSTANCE, () -> 2)).as("the flight is free again")
                .isCompletedWithValue(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
