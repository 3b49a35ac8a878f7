package io.poolguard.health;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Liveness: is the process itself healthy. It reads two heartbeats from memory and never touches the database: a
 * database blip must not restart every pod at once (spring-boot#36815). DOWN only when the event loop or the worker
 * pool has been silent longer than {@code poolguard.health.liveness.stuck-after}, where a restart is the cure.
 */
@Liveness
@Singleton
public class ProcessLivenessCheck implements AsyncHealthCheck {

    static final String NAME = "process";

    private final Heartbeats heartbeats;
    private final Duration stuckAfter;

    ProcessLivenessCheck(Heartbeats heartbeats, HealthConfig config) {
        this.heartbeats = heartbeats;
        this.stuckAfter = config.liveness().stuckAfter();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(response(heartbeats.eventLoopSilence(), heartbeats.workerSilence(), stuckAfter));
    }

    static HealthCheckResponse response(Duration eventLoopSilence, Duration workerSilence, Duration stuckAfter) {
        boolean eventLoopStuck = eventLoopSilence.compareTo(stuckAfter) > 0;
        boolean workersStuck = workerSilence.compareTo(stuckAfter) > 0;
        var builder = HealthCheckResponse.named(NAME)
                .status(!eventLoopStuck && !workersStuck)
                .withData("eventLoopHeartbeatAgeMs", eventLoopSilence.toMillis())
                .withData("workerHeartbeatAgeMs", workerSilence.toMillis());
        if (eventLoopStuck || workersStuck) {
            builder.withData("reason", (eventLoopStuck ? "event loop" : "worker pool") + " has not run a heartbeat"
                    + " for " + (eventLoopStuck ? eventLoopSilence : workerSilence).toSeconds() + " s");
        }
        return builder.build();
    }
}
