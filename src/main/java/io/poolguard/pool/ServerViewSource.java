package io.poolguard.pool;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import io.quarkus.logging.Log;

/**
 * The latest server-side view and the one place that queries it. The monitor refreshes it on its interval;
 * health details and metrics read {@link #latest()} or ask for one no older than they can accept. Concurrent
 * refreshes share one query, so readers never multiply the load on the server.
 */
@Singleton
public class ServerViewSource {

    private final PoolAccess pool;
    private final PoolConfig poolConfig;
    private final ServerViewConfig config;
    private final AtomicReference<ServerViewSample> latest = new AtomicReference<>();
    private final AtomicReference<ServerView> lastView = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ServerViewSample>> inFlight = new AtomicReference<>();

    ServerViewSource(PoolAccess pool, PoolConfig poolConfig, ServerViewConfig config) {
        this.pool = pool;
        this.poolConfig = poolConfig;
        this.config = config;
    }

    /** The most recent attempt, successful or not; empty before the first. Never touches the database. */
    public Optional<ServerViewSample> latest() {
        return Optional.ofNullable(latest.get());
    }

    /**
     * The most recent successful view, kept through later failed attempts (so a reader can show the last known
     * figures and how old they are); empty until one has succeeded. Never touches the database.
     */
    public Optional<ServerView> lastView() {
        return Optional.ofNullable(lastView.get());
    }

    /** The latest sample if younger than {@code maxAge}, otherwise a fresh one (blocking: not on the event loop). */
    public ServerViewSample latestOrRefresh(Duration maxAge) {
        ServerViewSample current = latest.get();
        if (current != null && current.age().compareTo(maxAge) <= 0) {
            return current;
        }
        return refresh();
    }

    /**
     * Queries the server now, or joins a query already under way. Blocking; never throws: a failure becomes a
     * sample with its class.
     */
    public ServerViewSample refresh() {
        CompletableFuture<ServerViewSample> mine = new CompletableFuture<>();
        CompletableFuture<ServerViewSample> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running.join();
        }
        try {
            ServerViewSample sample = query();
            if (sample.isUp()) {
                lastView.set(sample.view());
            }
            latest.set(sample);
            mine.complete(sample);
            return sample;
        } finally {
            inFlight.set(null);
        }
    }

    private ServerViewSample query() {
        try (Connection connection = pool.borrow()) {
            return ServerViewSample.ok(
                    ServerViewReader.read(connection, poolConfig.applicationName(), config.statementTimeout()));
        } catch (Exception e) {
            DatabaseFailure failure = DatabaseFailure.classify(e);
            Log.debugf(e, "datasource <default>: server view failed (%s)", failure.label());
            return ServerViewSample.failed(failure, e.getMessage());
        }
    }
}
