package io.poolguard.database;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.poolguard.health.HealthConfig;
import io.poolguard.health.ReadinessProbe;
import io.poolguard.health.ValidationResult;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.LeakHolders;
import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolConfig;
import io.poolguard.pool.PoolControl;
import io.poolguard.pool.PoolSettings;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerViewSource;
import io.smallrye.mutiny.Uni;

/**
 * Builds the database view within the health budget whatever the database does: the status comes from the
 * readiness probe (cached, single flight), the server side from the latest server-view sample, refreshed when older
 * than the configured max age and shown as it was when the refresh does not finish in time. Nothing here blocks
 * the caller's thread.
 */
@Singleton
public class DatabaseViewService {

    private final ReadinessProbe readiness;
    private final ServerViewSource serverView;
    private final PoolAccess pool;
    private final PoolControl control;
    private final LeakHolders leaks;
    private final int replicas;
    private final HealthConfig.Sizing sizing;
    private final Duration serverViewMaxAge;
    // the sizing rule's default: the cores this pod sees, when the database's are not configured
    private final int cores;

    DatabaseViewService(ReadinessProbe readiness, ServerViewSource serverView, PoolAccess pool,
            PoolControl control, LeakHolders leaks, PoolConfig poolConfig, HealthConfig config) {
        this.readiness = readiness;
        this.serverView = serverView;
        this.pool = pool;
        this.control = control;
        this.leaks = leaks;
        this.replicas = poolConfig.replicas();
        this.sizing = config.sizing();
        this.serverViewMaxAge = config.databaseView().serverViewMaxAge();
        this.cores = sizing.cores().orElse(Runtime.getRuntime().availableProcessors());
    }

    /** The view now; never fails, answers within the readiness probe's wait. */
    public Uni<DatabaseView> view() {
        return Uni.combine().all().unis(readiness.validation(), serverSample()).with(this::view);
    }

    /** How long a DOWN caller should wait before asking again: the readiness cache's lifetime. */
    public Duration retryAfter() {
        return readiness.ttl();
    }

    private DatabaseView view(ValidationResult validation, ServerSample server) {
        PoolSnapshot snapshot = pool.snapshot();
        PoolSettings settings = pool.settings();
        Integer serverAvailable = server.view() == null ? null : server.view().availableConnections();
        SizingAdvice advice = SizingAdvice.of(cores, sizing.spindles(), settings.minSize(), settings.maxSize(),
                snapshot.maxUsed(), replicas, serverAvailable);
        DatabaseFailure failure = readiness.failureOf(validation);
        String reason = failure == null ? null
                : validation.reason() == null ? ReadinessProbe.READ_ONLY_REASON
                        : validation.reason();
        return new DatabaseView(failure == null ? "UP" : "DOWN", failure, reason, validation.at(),
                validation.roundTrip(), settings, control.overrides(), snapshot, leaks.report(), server, advice,
                pool.evictions(), pool.idleLimit());
    }

    /**
     * The latest server sample if young enough, otherwise the shared refresh, waited for within half the readiness
     * probe's wait; past it, the latest sample as it is (the refresh goes on for the next caller). Half: the server
     * side is the view's one part that may wait, and serializing the view and the HTTP round trip take more than the
     * budget's reserve on a loaded machine (CI, two cores, just after a database restart: answers of 1.06 and 1.45 s
     * against the 1 s budget with the whole 800 ms spent waiting for a refresh).
     */
    private Uni<ServerSample> serverSample() {
        ServerSample latest = serverView.latest();
        if (latest.sampledAt() != null && latest.age().compareTo(serverViewMaxAge) <= 0) {
            return Uni.createFrom().item(latest);
        }
        // a copy per caller: the timeout cancels what it waits on, and must not cancel the shared refresh
        return Uni.createFrom().completionStage(() -> serverView.refresh().copy())
                .ifNoItem().after(readiness.answerWithin().dividedBy(2))
                .recoverWithItem(serverView::latest)
                .onFailure().recoverWithItem(serverView::latest);
    }
}
