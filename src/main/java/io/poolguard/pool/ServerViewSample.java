package io.poolguard.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt to read the server-side view: the view when it worked, the failure class and a safe message when it
 * did not. Messages come from the driver; they never contain the password (the driver does not echo it) and URLs
 * in them are not ours to print, so callers show {@link #failureMessage()} as it is.
 */
public record ServerViewSample(Instant at, ServerView view, DatabaseFailure failure, String failureMessage) {

    static ServerViewSample ok(ServerView view) {
        return new ServerViewSample(view.takenAt(), view, null, null);
    }

    static ServerViewSample failed(DatabaseFailure failure, String message) {
        return new ServerViewSample(Instant.now(), null, failure, message);
    }

    public boolean isUp() {
        return view != null;
    }

    public Duration age() {
        return Duration.between(at, Instant.now());
    }
}
