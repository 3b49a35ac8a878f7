package io.poolguard.monitor;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.ServerViewSample;
import io.poolguard.pool.ServerViewSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Samples the pool and the server side every {@code poolguard.monitor.interval}: the one place that refreshes the
 * server-side view on a schedule. Each tick records a {@link MonitorSample}, logs one line and fires the sample as
 * an event (alerts observe it).
 * <p>
 * Runs on its own single thread rather than {@code @Scheduled}: the Quarkus simple scheduler checks its triggers once
 * a second, which rules out sub-second intervals and blurs lateness by up to a second. One thread means ticks never
 * overlap. A tick is bounded: the server view is refreshed on a second thread and the tick waits for it at most
 * half an interval, 5 s at most (a borrow can wait the pool's whole acquisition timeout); past that the sample carries the
 * previous view and the next tick does not start another refresh until that one ends. When the pool is saturated
 * the monitor does not borrow at all, so it never queues behind the application. A tick that starts more than half
 * an interval late (a stalled JVM, a slow observer) is logged and counted; the schedule then restarts from it
 * instead of catching up with a burst. A tick that fails is logged and counted and the next one runs as planned
 * (HikariCP's {@code HouseKeeper} is the model).
 */
@Singleton
public class MonitorSampler {

    private final MonitorConfig config;
    private final PoolAccess pool;
    private final ServerViewSource serverView;
    private final SampleHistory history;
    private final Event<MonitorSample> sampleEvent;
    private final Counter okTicks;
    private final Counter failedTicks;
    private final Counter lateTicks;
    private final long intervalNanos;
    private final long serverViewWait;

    private ScheduledExecutorService executor;
    private ExecutorService serverViewThread;
    private CompletableFuture<ServerViewSample> refreshing;
    // only touched by the monitor thread
    private long expectedStart;
    private long sequence;
    private PoolState previousPool;

    MonitorSampler(MonitorConfig config, PoolAccess pool, ServerViewSource serverView, SampleHistory history,
            Event<MonitorSample> sampleEvent, MeterRegistry registry) {
        this.config = config;
        this.pool = pool;
        this.serverView = serverView;
        this.history = history;
        this.sampleEvent = sampleEvent;
        this.intervalNanos = config.interval().toNanos();
        this.serverViewWait = Math.min(intervalNanos / 2, TimeUnit.SECONDS.toNanos(5));
        this.okTicks = ticks(registry, "ok");
        this.failedTicks = ticks(registry, "failed");
        this.lateTicks = ticks(registry, "late");
    }

    private static Counter ticks(MeterRegistry registry, String outcome) {
        return Counter.builder(MetricNames.MONITOR_TICKS)
                .description("Monitor ticks by outcome: ok, failed, or late (started more than half an interval"
                        + " after its slot; also counted as ok or failed)")
                .tag("outcome", outcome)
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "poolguard-monitor"));
        serverViewThread = Executors.newSingleThreadExecutor(task -> daemon(task, "poolguard-monitor-server-view"));
        expectedStart = System.nanoTime();
        executor.schedule(this::runTick, 0, TimeUnit.NANOSECONDS);
        Log.infof("datasource <default>: monitor samples every %s, keeps the last %d samples", config.interval(),
                history.capacity());
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
            serverViewThread.shutdownNow();
        }
    }

    private void runTick() {
        long start = System.nanoTime();
        try {
            long lateness = start - expectedStart;
            if (lateness > intervalNanos / 2) {
                lateTicks.increment();
                Log.warnf("datasource <default>: monitor tick started %d ms late (interval %s): the previous tick"
                        + " ran long or the JVM stalled", TimeUnit.NANOSECONDS.toMillis(lateness), config.interval());
                expectedStart = start;
            }
            tick();
            okTicks.increment();
        } catch (Exception e) {
            failedTicks.increment();
            Log.errorf(e, "datasource <default>: monitor tick failed; the next one runs in %s", config.interval());
        } finally {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        if (executor.isShutdown()) {
            return;
        }
        expectedStart += intervalNanos;
        long delay = Math.max(0, expectedStart - System.nanoTime());
        executor.schedule(this::runTick, delay, TimeUnit.NANOSECONDS);
    }

    /** Takes, records, logs and publishes one sample. Package-private for tests that drive a tick by hand. */
    void tick() {
        MonitorSample sample = takeSample();
        history.add(sample);
        if (Log.isEnabled(config.logLevel())) {
            Log.logf(config.logLevel(), "datasource <default>: %s", SampleLine.of(sample));
        }
        sampleEvent.fire(sample);
    }

    private MonitorSample takeSample() {
        Instant at = Instant.now();
        AgroalDataSource dataSource = pool.dataSource();
        AgroalDataSourceMetrics metrics = dataSource.getMetrics();
        int max = dataSource.getConfiguration().connectionPoolConfiguration().maxSize();
        long active = metrics.activeCount();
        long awaiting = metrics.awaitingCount();
        PoolState previous = previousPool;
        long timeouts = pool.acquisitionTimeouts();
        long invalid = metrics.invalidCount();
        long leaks = metrics.leakDetectionCount();
        PoolState poolState = new PoolState(active, metrics.availableCount(), awaiting, max,
                max == 0 ? 0 : Math.round(active * 1000.0 / max) / 10.0,
                timeouts, delta(timeouts, previous == null ? 0 : previous.acquisitionTimeouts()),
                invalid, delta(invalid, previous == null ? 0 : previous.invalid()),
                leaks, delta(leaks, previous == null ? 0 : previous.leaks()));
        previousPool = poolState;

        // With every connection lent out or borrowers already queued, a refresh would queue behind the application
        // (and show up as one more waiting thread): reuse the previous view instead.
        boolean saturated = active >= max || awaiting > 0;
        ServerViewSample fresh = saturated ? null : refreshServerView();
        ServerViewSample server = fresh != null ? fresh : serverView.latest().orElse(null);
        return new MonitorSample(++sequence, at, poolState, ServerState.of(server, fresh != null));
    }

    /** A new server view, or null if none arrived within the wait (the refresh goes on; the next tick joins it). */
    private ServerViewSample refreshServerView() {
        if (refreshing == null || refreshing.isDone()) {
            refreshing = CompletableFuture.supplyAsync(serverView::refresh, serverViewThread);
        }
        try {
            return refreshing.get(serverViewWait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Log.debugf("datasource <default>: server view still running after %d ms, sample uses the previous one",
                    TimeUnit.NANOSECONDS.toMillis(serverViewWait));
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("server view refresh failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Agroal's counters restart on a pool flush; a drop is not a negative increase. */
    private static long delta(long now, long before) {
        return Math.max(0, now - before);
    }

}
