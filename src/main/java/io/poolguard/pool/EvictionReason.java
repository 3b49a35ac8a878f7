package io.poolguard.pool;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why PoolGuard took connections out of the pool; the {@code reason} tag of {@code poolguard_pool_evictions_total}. */
public enum EvictionReason {
    /** A lent connection failed with a connection-class error (SQLSTATE 08, 57P01-03, I/O error). */
    CONNECTION_LOST,
    /** A connection failed its check before being lent (idle validation, background validation or a sweep). */
    VALIDATION_FAILED,
    /**
     * Dropped without a check: a validation before it went unanswered (a silent network drop, e.g. a NAT that
     * forgot the flow), so every connection idle since then is presumed dead rather than checked one timeout each.
     */
    SUSPECT,
    /** The server turned read-only (a standby after failover, or default_transaction_read_only). */
    READ_ONLY,
    /** An operator asked for it. */
    REQUESTED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
