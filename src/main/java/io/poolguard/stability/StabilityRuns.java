package io.poolguard.stability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolCounters;
import io.poolguard.web.Problem;
import io.poolguard.web.ProblemException;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The runs this instance knows: the active ones (at most {@code max-concurrent-runs}) and a bounded history of
 * finished ones, oldest forgotten first. Runs live in memory only; a restart forgets them.
 */
@Singleton
class StabilityRuns {

    private final Map<UUID, StabilityRun> runs = new LinkedHashMap<>();
    private final RunExecutor executor;
    private final PoolAccess pool;
    private final StabilityConfig config;

    StabilityRuns(RunExecutor executor, PoolAccess pool, StabilityConfig config) {
        this.executor = executor;
        this.pool = pool;
        this.config = config;
    }

    /** Registers and launches a run, or refuses with 409 naming the active ones. */
    RunView start(RunSpec spec) {
        StabilityRun run;
        synchronized (this) {
            List<String> active = runs.values().stream().filter(r -> !r.state().isFinished())
                    .map(r -> r.id().toString()).toList();
            if (active.size() >= config.maxConcurrentRuns()) {
                throw new ProblemException(Problem.of("run-in-progress", Response.Status.CONFLICT,
                        "Stability run in progress", "At most " + config.maxConcurrentRuns()
                                + " stability run(s) at a time (poolguard.stability.max-concurrent-runs): wait for"
                                + " it to finish or cancel it with DELETE")
                        .with("running", active));
            }
            run = new StabilityRun(spec, pool.snapshot().counters(), config.verdict().maxGap());
            runs.put(run.id(), run);
            forgetOldest();
        }
        executor.launch(run);
        return view(run);
    }

    Optional<StabilityRun> find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        synchronized (this) {
            return Optional.ofNullable(runs.get(uuid));
        }
    }

    StabilityRun require(String id) {
        return find(id).orElseThrow(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                "No stability run " + Problem.echo(id) + " (unknown, or forgotten: the last "
                        + config.historySize() + " runs are kept)")));
    }

    /** Newest first. */
    List<RunView> list() {
        List<StabilityRun> all;
        synchronized (this) {
            all = new ArrayList<>(runs.values());
        }
        Collections.reverse(all);
        PoolCounters now = pool.snapshot().counters();
        return all.stream().map(r -> r.view(now, config.verdict())).toList();
    }

    RunView view(StabilityRun run) {
        return run.view(pool.snapshot().counters(), config.verdict());
    }

    /**
     * Cancels a run and waits up to {@code cancel-wait} for it to stop; returns whether it has. Cancelling a
     * finished run changes nothing.
     */
    boolean cancel(StabilityRun run) {
        run.requestCancel();
        return awaitFinished(run.finished());
    }

    private boolean awaitFinished(CompletableFuture<RunView> finished) {
        try {
            finished.get(config.cancelWait().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** On shutdown, active runs are cancelled so every connection they hold goes back before the pool closes. */
    void cancelAllOnShutdown(@Observes ShutdownEvent event) {
        List<StabilityRun> active;
        synchronized (this) {
            active = runs.values().stream().filter(r -> !r.state().isFinished()).toList();
        }
        active.forEach(StabilityRun::requestCancel);
        active.forEach(r -> awaitFinished(r.finished()));
    }

    private void forgetOldest() {
        Iterator<StabilityRun> oldestFirst = runs.values().iterator();
        int excess = runs.size() - config.historySize();
        while (excess > 0 && oldestFirst.hasNext()) {
            if (oldestFirst.next().state().isFinished()) {
                oldestFirst.remove();
                excess--;
            }
        }
    }
}
