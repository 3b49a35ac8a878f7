package io.poolguard.health;

import java.time.Duration;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the health probes and the database view behave ({@code poolguard.health.*}, env {@code POOLGUARD_HEALTH_*}).
 * {@link HealthConfigValidator} refuses to start on values that cannot work.
 */
@ConfigMapping(prefix = "poolguard.health")
public interface HealthConfig {

    /**
     * Longest any probe or the database view takes to answer, even when the database or the network hangs: then
     * the answer is DOWN with the reason. Keep it under Kubernetes' {@code timeoutSeconds} (default 1 s). A fifth
     * of it (at most 200 ms) is kept for the HTTP round trip; the rest bounds the wait for a validation. Default 1S.
     */
    @WithDefault("1S")
    Duration budget();

    Readiness readiness();

    Liveness liveness();

    DatabaseViewSettings databaseView();

    Sizing sizing();

    /** The readiness probe's database validation. */
    interface Readiness {
        /**
         * How long a validation result is served before the next probe validates again. Concurrent probes share
         * one validation, so probe traffic never scales database load beyond one round trip per TTL. Default 2S.
         */
        @WithDefault("2S")
        Duration ttl();

        /**
         * A server in recovery (a standby) accepts reads only; when true, readiness is DOWN ({@code read_only})
         * there. Set false for a read-only workload. Default true.
         */
        @WithDefault("true")
        boolean requireWritable();
    }

    /** The liveness probe: is the process itself responsive. It never touches the database. */
    interface Liveness {
        /** How often the event loop and the worker pool are asked to run a no-op heartbeat. Default 5S. */
        @WithDefault("5S")
        Duration heartbeatInterval();

        /**
         * Liveness is DOWN when the event loop or the worker pool has not run a heartbeat for this long: the
         * process is stuck and a restart helps. Generous on purpose: a false DOWN restarts the pod. Default 60S.
         */
        @WithDefault("60S")
        Duration stuckAfter();
    }

    /** {@code GET /api/v1/hc/database}. */
    interface DatabaseViewSettings {
        /**
         * Server-side figures younger than this are served from the last sample (the monitor refreshes them on its
         * interval); older ones are read again, within the budget. Default 10S.
         */
        @WithDefault("10S")
        Duration serverViewMaxAge();
    }

    /** Inputs of the sizing advice {@code min(32, cores * 2 + spindles)}. */
    interface Sizing {
        /** Effective spindles of the database server's storage (1 for SSD/cloud volumes). Default 1. */
        @WithDefault("1")
        int spindles();

        /** Database server cores; default: this pod's available processors. */
        OptionalInt cores();
    }
}
