package io.poolguard.health;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolSnapshot;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness: can this pod serve, i.e. is the database reachable and usable. A saturated pool with a usable
 * database is UP with {@code saturated: true}: busy is not broken (quarkus#41515).
 * <p>
 * Asynchronous on purpose. Quarkus runs a synchronous {@code HealthCheck} through {@code executeBlocking} on a
 * worker thread for every probe; this one answers from {@link ReadinessProbe}'s cache on the event loop without a
 * thread hop, and only a stale cache waits (without blocking any thread) for the one shared validation.
 */
@Readiness
@Singleton
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "database";

    private final ReadinessProbe probe;
    private final PoolAccess pool;

    // nothing here may touch the datasource: health checks are created before the pool's config is validated
    DatabaseReadinessCheck(ReadinessProbe probe, PoolAccess pool) {
        this.probe = probe;
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.validation().map(this::response);
    }

    private HealthCheckResponse response(ValidationResult v) {
        PoolSnapshot snapshot = pool.snapshot();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(NAME)
                .withData("saturated", snapshot.saturated())
                .withData("active", snapshot.active())
                .withData("maxSize", snapshot.maxSize())
                .withData("awaiting", snapshot.awaiting())
                .withData("validationMs", v.roundTrip().toMillis())
                .withData("checkedAt", v.at().toString());
        DatabaseFailure failure = probe.failureOf(v);
        if (failure == null) {
            return builder.up().build();
        }
        return builder.down()
                .withData("failure", failure.label())
                .withData("reason", v.reason() == null ? ReadinessProbe.READ_ONLY_REASON
                        : v.reason())
                .build();
    }
}
