package io.poolguard.server;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.poolguard.pool.DatabaseFailure;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One attempt to read the server-side view, as every reader shows it: the database view's {@code server}, each
 * monitor sample's {@code server}, the alerts' input. Failure messages come from the driver; they never contain the
 * password (the driver does not echo it), so readers show {@link #reason()} as it is.
 *
 * @param status UP (the server was read), DOWN (this attempt failed) or UNKNOWN (no attempt yet)
 * @param failure this attempt's failure class when DOWN
 * @param reason the driver's message when DOWN, our own words when UNKNOWN
 * @param sampledAt when the attempt finished; null when UNKNOWN
 * @param view the figures: this attempt's when UP, the last good ones while DOWN (their {@code takenAt} says how
 *        old), null if there never were any
 */
@RegisterForReflection
public record ServerSample(Status status, DatabaseFailure failure, String reason, Instant sampledAt,
        ServerView view) {

    @RegisterForReflection
    public enum Status { UP, DOWN, UNKNOWN }

    static final ServerSample NONE = new ServerSample(Status.UNKNOWN, null, "no server-side sample yet", null, null);

    static ServerSample up(ServerView view) {
        return new ServerSample(Status.UP, null, null, view.takenAt(), view);
    }

    static ServerSample down(DatabaseFailure failure, String reason, ServerView lastGood) {
        return new ServerSample(Status.DOWN, failure, reason, Instant.now(), lastGood);
    }

    @JsonIgnore
    public boolean isUp() {
        return status == Status.UP;
    }

    /**
     * How old this attempt is now; null when UNKNOWN. Older than {@code poolguard.health.database-view.server-view-max-age}
     * means the last refresh did not finish in time.
     */
    @JsonProperty
    public Duration age() {
        return sampledAt == null ? null : Duration.between(sampledAt, Instant.now());
    }
}
