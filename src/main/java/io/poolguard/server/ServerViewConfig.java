package io.poolguard.server;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the server-side view is read: one bounded {@code pg_stat_activity} query per monitor tick. */
@ConfigMapping(prefix = "poolguard.server-view")
public interface ServerViewConfig {

    /**
     * Statement timeout for the server-side query (the socket waits at most twice this), so it never holds a pool
     * slot for long. Default 2S.
     */
    @WithDefault("2S")
    Duration statementTimeout();

    /**
     * Whether {@code /api/v1/hc/database/clients} shows query text (the first 200 characters of the statement of
     * each client's longest idle-in-transaction and longest-running session). Statements may carry personal data;
     * one that mentions a password is never shown. Default false.
     */
    @WithDefault("false")
    boolean showQueries();

    /**
     * Clients (application name, role, address) listed per sample, most sessions first; the rest are counted
     * together. Bounds what the one query per monitor tick returns. At least 1. Default 200.
     */
    @WithDefault("200")
    int maxClients();

    /**
     * Clients (application name and role) with a series of their own in the {@code poolguard_server_client_*}
     * metrics, most sessions first; the rest are added up under {@code application="other"}. Bounds the metrics'
     * cardinality. At least 1. Default 10.
     */
    @WithDefault("10")
    int metricsTopClients();
}
