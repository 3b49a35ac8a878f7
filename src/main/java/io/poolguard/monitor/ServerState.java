package io.poolguard.monitor;

import java.time.Instant;

import io.poolguard.pool.ServerView;
import io.poolguard.pool.ServerViewSample;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The server-side view a sample used. {@code refreshed} is false when the sample carries an earlier view, taken
 * {@code at}: the pool was saturated (the monitor does not queue for a connection behind the application) or the
 * query had not answered within the tick's wait. Connection fields are null when the view failed ({@code failure} says why).
 *
 * @param up the server view was read successfully
 * @param failure a DatabaseFailure label when it was not
 * @param failureMessage the driver's message when it was not
 * @param ours our sessions on the server (by application name)
 * @param total every client backend on the server
 * @param maxConnections {@code max_connections}
 * @param availableConnections {@code max_connections - superuser_reserved_connections}
 * @param oldestTransactionSeconds age of the oldest open transaction on the server, 0 when none
 */
@RegisterForReflection
public record ServerState(
        boolean up,
        boolean refreshed,
        Instant at,
        String failure,
        String failureMessage,
        Integer ours,
        Integer total,
        Integer maxConnections,
        Integer availableConnections,
        Double oldestTransactionSeconds) {

    static ServerState of(ServerViewSample sample, boolean refreshed) {
        if (sample == null) {
            return new ServerState(false, refreshed, null, null, "no server view yet", null, null, null, null, null);
        }
        if (!sample.isUp()) {
            return new ServerState(false, refreshed, sample.at(), sample.failure().label(), sample.failureMessage(),
                    null, null, null, null, null);
        }
        ServerView view = sample.view();
        double oldest = view.oldestTransactionAge() == null ? 0 : view.oldestTransactionAge().toMillis() / 1000.0;
        return new ServerState(true, refreshed, sample.at(), null, null, view.ours().total(),
                view.totalConnections(), view.maxConnections(), view.availableConnections(), oldest);
    }
}
