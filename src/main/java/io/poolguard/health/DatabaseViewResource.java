package io.poolguard.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.resteasy.reactive.RestResponse;

import io.agroal.api.AgroalDataSource;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolConfig;
import io.poolguard.pool.PoolSettings;
import io.poolguard.pool.ServerViewSample;
import io.poolguard.pool.ServerViewSource;
import io.smallrye.mutiny.Uni;

/**
 * The detailed database view. Answers within the health budget whatever the database does: the status comes from
 * the readiness probe (cached, single flight), the server side from the latest server-view sample, refreshed in
 * the background when older than the configured max age and shown as it was when the refresh does not finish in
 * time. Nothing here blocks the event loop.
 */
@Path("/api/v1/hc/database")
public class DatabaseViewResource {

    private final ReadinessProbe readiness;
    private final ServerViewSource serverView;
    private final AgroalDataSource dataSource;
    private final PoolAccess pool;
    private final PoolConfig poolConfig;
    private final HealthConfig config;
    private final ManagedExecutor executor;
    // one worker thread at most waits on the server view, however many callers (it may wait for a pool slot)
    private final SingleFlight<ServerViewSample> serverRefresh = new SingleFlight<>();
    private final AtomicReference<ServerViewSample> lastGoodServerSample = new AtomicReference<>();

    DatabaseViewResource(ReadinessProbe readiness, ServerViewSource serverView, AgroalDataSource dataSource,
            PoolAccess pool, PoolConfig poolConfig, HealthConfig config, ManagedExecutor executor) {
        this.readiness = readiness;
        this.serverView = serverView;
        this.dataSource = dataSource;
        this.pool = pool;
        this.poolConfig = poolConfig;
        this.config = config;
        this.executor = executor;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<DatabaseView>> database() {
        return Uni.combine().all().unis(readiness.validation(), serverSample())
                .with((validation, sample) -> {
                    DatabaseView view = view(validation, sample);
                    if ("UP".equals(view.status())) {
                        return RestResponse.ResponseBuilder.ok(view).header("Cache-Control", "no-store").build();
                    }
                    return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE, view)
                            .header("Cache-Control", "no-store")
                            .header("Retry-After", Math.max(1, readiness.ttl().toSeconds()))
                            .build();
                });
    }

    private DatabaseView view(Validation validation, ServerViewSample sample) {
        if (sample != null && sample.isUp()) {
            lastGoodServerSample.set(sample);
        }
        ServerViewSample lastGood = lastGoodServerSample.get();
        PoolState state = PoolState.of(dataSource, pool);
        PoolSettings settings = PoolSettings.of(dataSource);
        int cores = config.sizing().cores().orElse(Runtime.getRuntime().availableProcessors());
        Integer serverAvailable = lastGood == null ? null : lastGood.view().availableConnections();
        SizingAdvice sizing = SizingAdvice.of(cores, config.sizing().spindles(), settings.minSize(),
                settings.maxSize(), state.maxUsed(), poolConfig.replicas(), serverAvailable);
        DatabaseFailure failure = readiness.failureOf(validation);
        String reason = failure == null ? null
                : validation.reason() == null ? "the server accepts reads only (in recovery, or default_transaction_read_only)"
                        : validation.reason();
        return new DatabaseView(failure == null ? "UP" : "DOWN", failure == null ? null : failure.label(), reason,
                validation.at(), validation.roundTrip(), settings, state, ServerSide.of(sample, lastGood), sizing);
    }

    /**
     * The latest server sample if young enough, otherwise a refresh (shared by concurrent callers, on a worker
     * thread: it borrows from the pool), waited for within the budget; past it, the latest sample as it is.
     */
    private Uni<ServerViewSample> serverSample() {
        Duration maxAge = config.databaseView().serverViewMaxAge();
        ServerViewSample latest = serverView.latest().orElse(null);
        if (latest != null && latest.age().compareTo(maxAge) <= 0) {
            return Uni.createFrom().item(latest);
        }
        // a copy per caller: the timeout cancels what it waits on, and must not cancel the shared refresh
        return Uni.createFrom().completionStage(() -> refreshServerView(maxAge).copy())
                .ifNoItem().after(readiness.answerWithin())
                .recoverWithItem(() -> serverView.latest().orElse(null))
                .onFailure().recoverWithItem(() -> serverView.latest().orElse(null));
    }

    private CompletableFuture<ServerViewSample> refreshServerView(Duration maxAge) {
        return serverRefresh.run(executor, () -> serverView.latestOrRefresh(maxAge));
    }
}
