package io.poolguard.health;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolSnapshot;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Startup: UP once the pool has opened its initial connections and a first validation found the database usable.
 * Latched: once started, a later outage is readiness' business, not a reason for Kubernetes to wait again.
 */
@Startup
@Singleton
public class DatabaseStartupCheck implements AsyncHealthCheck {

    static final String NAME = "database-startup";

    private final ReadinessProbe probe;
    private final PoolAccess pool;
    private volatile boolean started;

    // nothing here may touch the datasource: health checks are created before the pool's config is validated
    DatabaseStartupCheck(ReadinessProbe probe, PoolAccess pool) {
        this.probe = probe;
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (started) {
            return Uni.createFrom().item(HealthCheckResponse.up(NAME));
        }
        return probe.validation().map(v -> {
            boolean poolInitialised = poolInitialised();
            started = poolInitialised && probe.everUsable();
            return HealthCheckResponse.named(NAME)
                    .status(started)
                    .withData("poolInitialised", poolInitialised)
                    .withData("validated", probe.everUsable())
                    .build();
        });
    }

    /** The pool has opened its initial connections (without Agroal's metrics we cannot tell: trust it). */
    private boolean poolInitialised() {
        PoolSnapshot snapshot = pool.snapshot();
        return !snapshot.metricsEnabled() || snapshot.created() >= pool.settings().initialSize();
    }
}
