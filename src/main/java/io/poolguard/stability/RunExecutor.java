package io.poolguard.stability;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Phaser;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.poolguard.pool.DataSourceLog;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolAccess;
import io.quarkus.logging.Log;

/**
 * Runs a stability run on the container's {@link ManagedExecutor} as {@code burst} lanes. With an interval, the
 * lanes meet at a barrier after each tick, pause, and start the next tick's operations together; with interval 0
 * there is no pause to align on, so each lane runs its operations back to back (closed loop, like pgbench's
 * clients) and no lane waits for the slowest of a tick.
 */
@Singleton
class RunExecutor {

    private final ManagedExecutor executor;
    private final Operations operations;
    private final StabilityMetrics metrics;
    private final PoolAccess pool;
    private final StabilityConfig config;

    RunExecutor(ManagedExecutor executor, Operations operations, StabilityMetrics metrics, PoolAccess pool,
            StabilityConfig config) {
        this.executor = executor;
        this.operations = operations;
        this.metrics = metrics;
        this.pool = pool;
        this.config = config;
    }

    void launch(StabilityRun run) {
        RunSpec spec = run.spec();
        int lanes = (int) Math.min(spec.burst(), spec.count());
        Phaser tick = spec.interval().isZero() || lanes == 1 ? null : new Phaser(lanes);
        LaneThreads threads = new LaneThreads();
        run.onCancel(() -> {
            threads.interruptAll();
            if (tick != null) {
                tick.forceTermination();
            }
        });
        Operation operation = operations.of(run);
        long timeoutNanos = spec.timeout() == null ? Long.MAX_VALUE : spec.timeout().toNanos();
        CompletableFuture<?>[] running = new CompletableFuture<?>[lanes];
        try {
            for (int i = 0; i < lanes; i++) {
                running[i] = executor.runAsync(() -> lane(run, operation, timeoutNanos, tick, threads));
            }
        } catch (RuntimeException e) {
            run.requestCancel();
            finish(run, e);
            return;
        }
        CompletableFuture.allOf(running).whenComplete((ignored, failure) -> finish(run, failure));
    }

    private void lane(StabilityRun run, Operation operation, long timeoutNanos, Phaser tick, LaneThreads threads) {
        Duration pause = run.spec().interval();
        threads.enter();
        try {
            if (!run.markRunning()) {
                return;
            }
            StabilityRun.Lane tally = run.lane();
            while (run.claimOperation()) {
                runOne(run, tally, operation, timeoutNanos);
                if (tick != null && tick.arriveAndAwaitAdvance() < 0) {
                    break;
                }
                if (!pause.isZero() && !run.allClaimed() && run.awaitCancel(pause)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            // cancelled while waiting: the lane ends, its connection is already back (try-with-resources)
        } finally {
            if (tick != null) {
                tick.arriveAndDeregister();
            }
            threads.leave();
        }
    }

    private void runOne(StabilityRun run, StabilityRun.Lane tally, Operation operation, long timeoutNanos)
            throws InterruptedException {
        long start = System.nanoTime();
        try {
            long nanos = operation.run(start);
            if (nanos > timeoutNanos) {
                record(tally, DatabaseFailure.TIMED_OUT, nanos);
            } else {
                tally.recordSuccess(nanos);
                metrics.success(nanos);
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (run.isCancelRequested()) {
                return; // cut short by the cancel (an interrupted borrow): not a finding about the database
            }
            DatabaseFailure failure = DatabaseFailure.classify(e);
            Log.debugf(DataSourceLog.PREFIX + "stability run %s operation failed (%s): %s", run.id(),
                    failure.label(), e.getMessage());
            record(tally, failure, System.nanoTime() - start);
        }
    }

    private void record(StabilityRun.Lane tally, DatabaseFailure failure, long nanos) {
        tally.recordFailure(failure, nanos);
        metrics.failure(failure, nanos);
    }

    private void finish(StabilityRun run, Throwable failure) {
        RunState outcome = failure != null ? RunState.FAILED
                : run.isCancelRequested() && run.done() < run.spec().count() ? RunState.CANCELLED
                        : RunState.COMPLETED;
        String error = null;
        if (failure != null) {
            Log.errorf(failure, DataSourceLog.PREFIX + "stability run %s failed", run.id());
            error = "the run stopped on an internal error (details in the service log)";
        }
        RunView view = run.finish(outcome, pool.snapshot().counters(), error, config.verdict());
        metrics.runEnded(outcome);
        if (view.verdict().stable()) {
            Log.infof(DataSourceLog.PREFIX + "stability run %s %s, stable: %s", run.id(), outcome.label(),
                    view.verdict().reason());
        } else {
            Log.warnf(DataSourceLog.PREFIX + "stability run %s %s, unstable: %s", run.id(), outcome.label(),
                    view.verdict().reason());
        }
    }
}
