package io.poolguard.health;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Proof that the process still gets work done, for liveness: on every interval a Vert.x timer stamps the event
 * loop's heartbeat, then hands a no-op to the worker pool, which stamps the worker heartbeat when it runs. A stuck
 * event loop stops the first; a worker pool jammed by blocked threads stops the second. Neither touches the
 * database, so a database outage never restarts pods.
 */
@Singleton
public class Heartbeats {

    private final Vertx vertx;
    private final ManagedExecutor workers;
    private final Duration interval;
    private volatile long eventLoopBeat = System.nanoTime();
    private volatile long workerBeat = System.nanoTime();
    private volatile boolean workerBeatPending;
    private long timerId = -1;

    Heartbeats(Vertx vertx, ManagedExecutor workers, HealthConfig config) {
        this.vertx = vertx;
        this.workers = workers;
        this.interval = config.liveness().heartbeatInterval();
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> beat());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void beat() {
        eventLoopBeat = System.nanoTime();
        if (workerBeatPending) {
            return; // the last one has not run yet: do not pile up no-ops behind a jammed pool
        }
        workerBeatPending = true;
        try {
            workers.execute(() -> {
                workerBeat = System.nanoTime();
                workerBeatPending = false;
            });
        } catch (RuntimeException e) {
            workerBeatPending = false;
            Log.warnf("liveness: could not hand a heartbeat to the worker pool: %s", e.getMessage());
        }
    }

    /** Time since the event loop last ran a heartbeat. */
    public Duration eventLoopSilence() {
        return Duration.ofNanos(System.nanoTime() - eventLoopBeat);
    }

    /** Time since the worker pool last ran a heartbeat. */
    public Duration workerSilence() {
        return Duration.ofNanos(System.nanoTime() - workerBeat);
    }
}
