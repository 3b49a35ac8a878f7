package io.poolguard.health;

import java.time.Duration;
import java.time.Instant;

import io.poolguard.pool.ServerView;
import io.poolguard.pool.ServerViewSample;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The server's side of our connections for the database view: the latest server-view sample, how old it is, and
 * why it is missing when it is.
 *
 * @param status UP (a sample of the server was read), DOWN (the latest attempt failed) or UNKNOWN (none yet)
 * @param failure the latest attempt's failure class when DOWN
 * @param reason the driver's message when DOWN
 * @param sampledAt when the sample was taken
 * @param age how old the sample is; older than the configured max age means the last refresh did not finish in
 *        the budget
 * @param view the figures; the last good ones while DOWN, null if there never were any
 */
@RegisterForReflection
public record ServerSide(String status, String failure, String reason, Instant sampledAt, Duration age,
        ServerView view) {

    static ServerSide of(ServerViewSample sample, ServerViewSample lastGood) {
        if (sample == null) {
            return new ServerSide("UNKNOWN", null, "no server-side sample yet", null, null, null);
        }
        if (sample.isUp()) {
            return new ServerSide("UP", null, null, sample.at(), sample.age(), sample.view());
        }
        return new ServerSide("DOWN", sample.failure().label(), sample.failureMessage(), sample.at(), sample.age(),
                lastGood == null ? null : lastGood.view());
    }
}
