package io.poolguard.stability;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a run is in its life. */
public enum RunState {
    QUEUED, RUNNING, COMPLETED, CANCELLED, FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }
}
