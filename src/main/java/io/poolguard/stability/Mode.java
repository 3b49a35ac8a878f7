package io.poolguard.stability;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What one operation of a run does. */
public enum Mode {
    /** Borrow from the pool, run the validation query, hand back: what the application feels. */
    POOLED,
    /** Open and close a new physical connection, bypassing the pool (like {@code pgbench -C}). */
    FRESH,
    /** Borrow and keep the connection for the run's {@code hold}: exhaustion on purpose. */
    HOLD,
    /**
     * Borrow and prove the connection can write: {@code START TRANSACTION READ WRITE; COMMIT}. Creates nothing and
     * spends no transaction id (PostgreSQL assigns one only at the first write), but a standby refuses it, so a
     * failover shows as {@code read_only} failures.
     */
    WRITE;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Mode> of(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
    }

    /** Whether the operations borrow from the pool (and so are capped by its size). */
    boolean usesPool() {
        return this != FRESH;
    }
}
