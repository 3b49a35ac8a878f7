package io.poolguard.monitor;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Test-only observer of samples that can make the next tick fail or stall, as a broken or slow consumer would. */
@Singleton
public class SampleHook {

    private final AtomicReference<Runnable> next = new AtomicReference<>();

    void onSample(@Observes MonitorSample sample) {
        Runnable action = next.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    public void failNextTick() {
        next.set(() -> {
            throw new IllegalStateException("tick failure injected by the test");
        });
    }

    /** Holds the next tick for {@code duration} (a latch nobody releases: a bounded stall, not a sleep). */
    public void stallNextTick(Duration duration) {
        next.set(() -> {
            try {
                new CountDownLatch(1).await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
