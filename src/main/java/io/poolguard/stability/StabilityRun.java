package io.poolguard.stability;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolCounters;

/**
 * One stability run: its spec, its state, and what its operations found so far. Each lane records into its own
 * {@link Lane} (counters and a histogram that only its thread writes, so lanes share no contended atomics); views add
 * the lanes up. Nothing is kept per operation, so memory does not grow with the count. Once finished, the run keeps
 * only its final {@link RunView}.
 */
final class StabilityRun {

    private final UUID id = UUID.randomUUID();
    private final RunSpec spec;
    private final Instant createdAt = Instant.now();
    private final PoolCounters poolAtStart;
    private final AtomicReference<RunState> state = new AtomicReference<>(RunState.QUEUED);
    private final AtomicLong tickets = new AtomicLong();
    private volatile List<Lane> lanes = new CopyOnWriteArrayList<>();
    private final CountDownLatch cancelRequested = new CountDownLatch(1);
    private final CompletableFuture<RunView> finished = new CompletableFuture<>();
    private volatile LatencyRecorder latency = new LatencyRecorder();
    private volatile Instant startedAt;
    private volatile long startedNanos;
    private volatile long finishedNanos;
    private volatile Instant finishedAt;
    private volatile Runnable onCancel = () -> {
    };
    private final OutageTracker outages;

    StabilityRun(RunSpec spec, PoolCounters poolAtStart, Duration allowedGap) {
        this.spec = spec;
        this.poolAtStart = poolAtStart;
        // pauses between bursts are not gaps: only what comes on top of them is
        this.outages = new OutageTracker(allowedGap.plus(spec.interval()));
    }

    UUID id() {
        return id;
    }

    RunSpec spec() {
        return spec;
    }

    RunState state() {
        return state.get();
    }

    /** Marks the run started (first caller wins); false if it was cancelled before it could start. */
    boolean markRunning() {
        if (state.compareAndSet(RunState.QUEUED, RunState.RUNNING)) {
            startedNanos = System.nanoTime();
            startedAt = Instant.now();
            outages.started(startedNanos, startedAt);
        }
        return state.get() == RunState.RUNNING;
    }

    /** Claims the next operation; false when all have been claimed or the run is being cancelled. */
    boolean claimOperation() {
        return !isCancelRequested() && tickets.getAndIncrement() < spec.count();
    }

    /** Whether every operation has been claimed (so there is no point pausing for another tick). */
    boolean allClaimed() {
        return tickets.get() >= spec.count();
    }

    /** A new lane's tally; the calling thread is its only writer. */
    Lane lane() {
        LatencyRecorder recorder = latency;
        // finished already (a launch that failed half way): the lane records into a tally nobody reads
        Lane lane = new Lane(recorder != null ? recorder.writer() : new LatencyRecorder().writer(), outages);
        lanes.add(lane);
        return lane;
    }

    /** Operations finished so far, successful or not. */
    long done() {
        long done = 0;
        for (Lane lane : lanes) {
            for (int i = 0; i < lane.counts.length(); i++) {
                done += lane.counts.get(i);
            }
        }
        return done;
    }

    /** What else a cancel must do to stop the run promptly (wake its lanes); set once by the executor. */
    void onCancel(Runnable action) {
        onCancel = action;
        if (isCancelRequested()) {
            action.run();
        }
    }

    /** Asks the run to stop: no new operation starts, holds and pauses end, waiting borrows are interrupted. */
    void requestCancel() {
        cancelRequested.countDown();
        onCancel.run();
    }

    boolean isCancelRequested() {
        return cancelRequested.getCount() == 0;
    }

    /** Sleeps up to {@code pause}, waking at once on cancel; true if the run was cancelled. */
    boolean awaitCancel(Duration pause) throws InterruptedException {
        return cancelRequested.await(pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Ends the run in {@code outcome} with the pool's counters as they are now; the final view is kept. */
    RunView finish(RunState outcome, PoolCounters poolAtEnd, String error,
            StabilityConfig.VerdictThresholds thresholds) {
        finishedNanos = System.nanoTime();
        finishedAt = Instant.now();
        if (startedAt == null) {
            startedNanos = finishedNanos;
            startedAt = finishedAt;
        } else {
            outages.finished(finishedNanos);
        }
        state.set(outcome);
        RunView view = view(poolAtEnd, error, thresholds);
        latency = null;
        lanes = List.of();
        finished.complete(view);
        return view;
    }

    /** Completes with the final view once the run has finished. */
    CompletableFuture<RunView> finished() {
        return finished;
    }

    /** The run as it is now; the final view once finished. */
    RunView view(PoolCounters poolNow, StabilityConfig.VerdictThresholds thresholds) {
        RunView last = finished.getNow(null);
        return last != null ? last : view(poolNow, null, thresholds);
    }

    private RunView view(PoolCounters poolNow, String error, StabilityConfig.VerdictThresholds thresholds) {
        RunState current = state.get();
        long[] counts = new long[Lane.SLOTS];
        for (Lane lane : lanes) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += lane.counts.get(i);
            }
        }
        long ok = counts[Lane.SUCCESS];
        Map<String, Long> failed = new LinkedHashMap<>();
        long failedTotal = 0;
        for (DatabaseFailure failure : DatabaseFailure.values()) {
            long n = counts[Lane.failureSlot(failure)];
            failed.put(failure.label(), n);
            failedTotal += n;
        }
        long done = ok + failedTotal;
        double elapsed = startedAt == null ? 0
                : ((current.isFinished() ? finishedNanos : System.nanoTime()) - startedNanos) / 1e9;
        LatencyRecorder recorder = latency;
        RunView.Latency latencies = recorder == null ? new RunView.Latency(0, 0, 0, 0, 0, 0) : recorder.summary();
        java.util.List<RunView.Outage> outageList = outages.outages();
        RunView.Verdict verdict = current.isFinished()
                ? Verdicts.of(current, ok, failed, latencies, outageList, outages.count(), error, thresholds)
                : null;
        return new RunView(id.toString(), current, RunView.Request.of(spec), createdAt, startedAt,
                current.isFinished() ? finishedAt : null, new RunView.Progress(done, spec.count()),
                round(elapsed, 3), elapsed > 0 ? round(done / elapsed, 1) : 0, ok, failed, latencies,
                poolNow.since(poolAtStart), outageList, verdict, error);
    }

    /**
     * What one lane found. Only the lane's thread writes; views read concurrently. A single writer needs no atomic
     * read-modify-write: a release store publishes each count (the lane's operation counts are exact, a view may
     * be one operation behind).
     */
    static final class Lane {

        private static final int SUCCESS = 0;
        private static final int SLOTS = 1 + DatabaseFailure.values().length;

        private final LatencyRecorder.Writer latency;
        private final OutageTracker outages; // the run's: outages are stretches without a success in any lane
        private final AtomicLongArray counts = new AtomicLongArray(SLOTS);

        private Lane(LatencyRecorder.Writer latency, OutageTracker outages) {
            this.latency = latency;
            this.outages = outages;
        }

        private static int failureSlot(DatabaseFailure failure) {
            return 1 + failure.ordinal();
        }

        void recordSuccess(long nanos) {
            latency.record(nanos);
            counts.lazySet(SUCCESS, counts.get(SUCCESS) + 1);
            outages.success(System.nanoTime());
        }

        void recordFailure(DatabaseFailure failure, long nanos) {
            latency.record(nanos);
            int slot = failureSlot(failure);
            counts.lazySet(slot, counts.get(slot) + 1);
            outages.failure(failure);
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
