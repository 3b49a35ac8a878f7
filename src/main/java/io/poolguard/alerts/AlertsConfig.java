package io.poolguard.alerts;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Alert thresholds and the optional webhook ({@code poolguard.alerts.*}, env {@code POOLGUARD_ALERTS_*}). Rules are
 * evaluated on every monitor sample, so "for N samples" means N x {@code poolguard.monitor.interval}.
 */
@ConfigMapping(prefix = "poolguard.alerts")
public interface AlertsConfig {

    /** Pool utilisation rule. */
    Utilisation utilisation();

    /** Server connections rule. */
    ServerConnections serverConnections();

    /** Long transaction rule. */
    LongTransaction longTransaction();

    /** Idle-in-transaction rule: a client holds a transaction open and does nothing (the classic leak). */
    IdleInTransaction idleInTransaction();

    /** Connection churn rule: a client opens connections fast, as one without a pool does per request. */
    ConnectionChurn connectionChurn();

    /** Client connections rule: one client holds a large share of the server's ordinary connections. */
    ClientConnections clientConnections();

    /**
     * Counter rules (acquisition timeouts, invalid connections, leaks) fire when the counter rises and resolve once
     * it has not risen for this long, like {@code increase(x[5m]) > 0} in Prometheus. Default 5M.
     */
    @WithDefault("5M")
    Duration increaseWindow();

    /** Recent fire/resolve transitions kept for {@code /api/v1/hc/alerts}. Default 50. */
    @WithDefault("50")
    int transitionsSize();

    /**
     * Where to POST fire and resolve notifications, in the Alertmanager webhook format (env
     * {@code POOLGUARD_ALERTS_WEBHOOK_URL}); {@code http://user:password@host/...} sends basic authentication.
     * Only scheme, host and port are ever logged. Default: none, no webhook.
     */
    Optional<String> webhookUrl();

    /** Webhook delivery. */
    Webhook webhook();

    interface Utilisation {
        /** Fires when active / max-size reaches this percentage... Default 80. */
        @WithDefault("80")
        int thresholdPercent();

        /** ...on this many consecutive samples. Default 3. */
        @WithDefault("3")
        int consecutiveSamples();
    }

    interface ServerConnections {
        /**
         * Fires when the server's client connections reach this percentage of
         * {@code max_connections - superuser_reserved_connections}. Default 80.
         */
        @WithDefault("80")
        int thresholdPercent();
    }

    interface LongTransaction {
        /** Fires when a transaction on the server has been open longer than this. Default 5M. */
        @WithDefault("5M")
        Duration threshold();
    }

    interface IdleInTransaction {
        /** Fires when one of a client's sessions has been idle in a transaction longer than this. Default 1M. */
        @WithDefault("1M")
        Duration threshold();
    }

    interface ConnectionChurn {
        /**
         * Fires when a client opened more connections than this per minute between two samples (counting those
         * still open at the second sample, so a lower bound), on two samples in a row: a pool opening its
         * connections at once (a deploy, a database restart) shows on one. Default 60.
         */
        @WithDefault("60")
        int perMinute();
    }

    interface ClientConnections {
        /**
         * Fires when one client (application name and role) holds this percentage of
         * {@code max_connections - superuser_reserved_connections} or more. Default 50.
         */
        @WithDefault("50")
        int thresholdPercent();
    }

    interface Webhook {
        /** Connect and response timeout of one attempt. Default 5S. */
        @WithDefault("5S")
        Duration timeout();

        /** Further attempts after a failed one (network error, 408, 429, 5xx). Default 3. */
        @WithDefault("3")
        int retries();

        /** Wait before the first retry, doubled for each further one. Default 1S. */
        @WithDefault("1S")
        Duration backoff();

        /** Notifications waiting to be sent; beyond this they are dropped and counted. Default 100. */
        @WithDefault("100")
        int queueSize();
    }
}
