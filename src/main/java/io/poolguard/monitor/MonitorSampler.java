package io.poolguard.monitor;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.concurrent.DaemonThreadFactory;
import io.poolguard.metrics.MetricNames;
import io.poolguard.pool.DataSourceLog;
import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerViewSource;
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
 * overlap. A tick is bounded: the server view is refreshed on {@link ServerViewSource}'s thread and the tick waits
 * for it at most half an interval, 5 s at most (a borrow can wait the pool's whole acquisition timeout); past that
 * the sample carries the previous view and the next tick joins the refresh still under way instead of starting
 * another. When the pool is saturated the refresh does not borrow at all ({@link ServerViewSource}), so the monitor
 * never queues behind the application. A tick that starts more than half an interval late (a stalled JVM, a slow observer) is logged and counted; the schedule then restarts from it
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
    // only touched by the monitor thread
    private long expectedStart;
    private long sequence;
    private PoolCounters previousCounters;

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
        executor = Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("poolguard-monitor"));
        expectedStart = System.nanoTime();
        executor.schedule(this::runTick, 0, TimeUnit.NANOSECONDS);
        Log.infof(DataSourceLog.PREFIX + "monitor samples every %s, keeps the last %d samples", config.interval(),
                history.capacity());
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void runTick() {
        long start = System.nanoTime();
        try {
            long lateness = start - expectedStart;
            if (lateness > intervalNanos / 2) {
                lateTicks.increment();
                Log.warnf(DataSourceLog.PREFIX + "monitor tick started %d ms late (interval %s): the previous tick"
                        + " ran long or the JVM stalled", TimeUnit.NANOSECONDS.toMillis(lateness), config.interval());
                expectedStart = start;
            }
            MonitorSample sample = takeSample();
            history.add(sample);
            if (Log.isEnabled(config.logLevel())) {
                Log.logf(config.logLevel(), DataSourceLog.PREFIX + "%s", SampleLine.of(sample));
            }
            sampleEvent.fire(sample);
            okTicks.increment();
        } catch (Exception e) {
            failedTicks.increment();
            Log.errorf(e, DataSourceLog.PREFIX + "monitor tick failed; the next one runs in %s", config.interval());
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

    private MonitorSample takeSample() {
        Instant at = Instant.now();
        PoolSnapshot snapshot = pool.snapshot();
        PoolCounters counters = snapshot.counters();
        PoolCounters delta = previousCounters == null ? counters : counters.since(previousCounters);
        previousCounters = counters;

        // on a saturated pool the refresh does not borrow and answers the previous sample itself (ServerViewSource)
        ServerSample previous = serverView.latest();
        ServerSample fresh = refreshServerView();
        ServerSample server = fresh != null ? fresh : serverView.latest();
        return new MonitorSample(++sequence, at, snapshot, delta, server, fresh != null && fresh != previous);
    }

    /** A new server sample, or null if none arrived within the wait (the refresh goes on; the next tick joins it). */
    private ServerSample refreshServerView() {
        try {
            return serverView.refresh().copy().get(serverViewWait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Log.debugf(DataSourceLog.PREFIX + "server view still running after %d ms, sample uses the previous one",
                    TimeUnit.NANOSECONDS.toMillis(serverViewWait));
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("server view refresh failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
