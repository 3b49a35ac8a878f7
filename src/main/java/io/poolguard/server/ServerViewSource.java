package io.poolguard.server;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.poolguard.concurrent.DaemonThreadFactory;
import io.poolguard.concurrent.SingleFlight;
import io.poolguard.pool.DataSourceLog;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolConfig;
import io.quarkus.logging.Log;

/**
 * The latest server-side view, the last good one, and the one place that queries it. The monitor refreshes it on
 * its interval; the database view, stability runs and metrics read {@link #latest()} or ask for one no older than
 * they can accept. Refreshes run one at a time on this source's own thread (a refresh borrows from the pool and may
 * wait for a slot): everyone who asks while one runs joins it, so readers never multiply the load on the server
 * and never hold more than one thread.
 */
@Singleton
public class ServerViewSource {

    private final PoolAccess pool;
    private final PoolConfig poolConfig;
    private final ServerViewConfig config;
    private final ExecutorService refreshThread = Executors.newSingleThreadExecutor(
            new DaemonThreadFactory("poolguard-server-view"));
    private final SingleFlight<ServerSample> refreshes = new SingleFlight<>();
    private final AtomicReference<ServerSample> latest = new AtomicReference<>(ServerSample.NONE);
    private final AtomicReference<ServerView> lastView = new AtomicReference<>();
    private final AtomicReference<ServerClients> lastClients = new AtomicReference<>();
    private final ClientGauges clientGauges;

    ServerViewSource(PoolAccess pool, PoolConfig poolConfig, ServerViewConfig config, ClientGauges clientGauges) {
        this.pool = pool;
        this.poolConfig = poolConfig;
        this.config = config;
        this.clientGauges = clientGauges;
    }

    /** The most recent attempt, successful or not; UNKNOWN before the first. Never touches the database. */
    public ServerSample latest() {
        return latest.get();
    }

    /**
     * The most recent successful view, kept through later failed attempts (so a reader can show the last known
     * figures and how old they are); empty until one has succeeded. Never touches the database.
     */
    public Optional<ServerView> lastView() {
        return Optional.ofNullable(lastView.get());
    }

    /** Every client of the server, from the same query as {@link #lastView()}. Never touches the database. */
    public Optional<ServerClients> lastClients() {
        return Optional.ofNullable(lastClients.get());
    }

    /**
     * Queries the server now, or joins the query under way; on a saturated pool (every connection lent out, or
     * borrowers queued) it does not borrow and answers the latest sample, the same object {@link #latest()} returns,
     * so the query does not queue behind the application (a refresh that checked just before the application took
     * the last connections waits like any borrower: Agroal has no borrow that gives up at once). Never completes
     * exceptionally: a failure is a DOWN sample with its class. A caller that waits with a timeout waits on
     * {@link CompletableFuture#copy()}, so that giving up does not cancel the refresh for the others.
     */
    public CompletableFuture<ServerSample> refresh() {
        return refreshes.run(refreshThread, this::query).exceptionally(e -> ServerSample.down(DatabaseFailure.OTHER,
                "the server view could not be read (shutting down)", lastView.get()));
    }

    /** The latest sample if younger than {@code maxAge}, otherwise a fresh one. Blocking: not on the event loop. */
    public ServerSample latestOrRefresh(Duration maxAge) {
        ServerSample current = latest.get();
        if (current.sampledAt() != null && current.age().compareTo(maxAge) <= 0) {
            return current;
        }
        return refresh().join();
    }

    private ServerSample query() {
        // With every connection lent out or borrowers queued, the query would queue behind the application (one more
        // waiting thread, for every reader at once): keep the latest sample, which ages visibly, instead.
        if (pool.snapshot().saturated()) {
            return latest.get();
        }
        ServerSample sample;
        try (Connection connection = pool.borrow()) {
            ServerViewReader.Reading reading = ServerViewReader.read(connection, poolConfig.applicationName(),
                    config.statementTimeout(), lastClients.get(), config.showQueries(), config.maxClients());
            ServerView view = reading.view();
            lastClients.set(reading.clients());
            lastView.set(view);
            clientGauges.update(reading.clients());
            sample = ServerSample.up(view);
        } catch (Exception e) {
            DatabaseFailure failure = DatabaseFailure.classify(e);
            Log.debugf(e, DataSourceLog.PREFIX + "server view failed (%s)", failure.label());
            sample = ServerSample.down(failure, e.getMessage(), lastView.get());
        }
        latest.set(sample);
        return sample;
    }

    @PreDestroy
    void shutdown() {
        refreshThread.shutdownNow();
    }
}
