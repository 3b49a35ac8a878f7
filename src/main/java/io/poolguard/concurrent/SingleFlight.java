package io.poolguard.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * At most one task under way at a time: callers arriving while it runs get its result instead of starting another.
 * PoolGuard's one single-flight mechanism: readiness validations and server-view refreshes both go through it, so
 * however many probes, pages and samplers ask at once, the database sees one round trip.
 * Callers that wait with a timeout should wait on {@link CompletableFuture#copy()}, so that giving up (which
 * cancels what they wait on) does not cancel the shared result for everyone else.
 */
public final class SingleFlight<T> {

    private final AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();

    /** The result of the task under way, or of {@code task} started now on {@code executor}. */
    public CompletableFuture<T> run(Executor executor, Supplier<T> task) {
        while (true) {
            CompletableFuture<T> running = inFlight.get();
            if (running != null) {
                return running;
            }
            CompletableFuture<T> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(null, mine)) {
                try {
                    executor.execute(() -> {
                        T result;
                        try {
                            result = task.get();
                        } catch (RuntimeException | Error e) {
                            inFlight.set(null);
                            mine.completeExceptionally(e);
                            return;
                        }
                        inFlight.set(null);
                        mine.complete(result);
                    });
                } catch (RejectedExecutionException e) {
                    inFlight.set(null);
                    mine.completeExceptionally(e);
                }
                return mine;
            }
        }
    }
}
