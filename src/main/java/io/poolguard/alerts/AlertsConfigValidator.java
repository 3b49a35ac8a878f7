package io.poolguard.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.poolguard.config.ConfigProblems;

/** Refuses to start on alert settings that cannot work, naming the setting (never the webhook's credentials). */
public final class AlertsConfigValidator {

    public static List<String> problems(AlertsConfig c) {
        ConfigProblems problems = new ConfigProblems("poolguard.alerts");
        problems.between("utilisation.threshold-percent", c.utilisation().thresholdPercent(), 1, 100);
        problems.between("server-connections.threshold-percent", c.serverConnections().thresholdPercent(), 1, 100);
        problems.atLeast("utilisation.consecutive-samples", c.utilisation().consecutiveSamples(), 1);
        problems.positive("long-transaction.threshold", c.longTransaction().threshold());
        problems.positive("idle-in-transaction.threshold", c.idleInTransaction().threshold());
        problems.atLeast("connection-churn.per-minute", c.connectionChurn().perMinute(), 1);
        problems.between("client-connections.threshold-percent", c.clientConnections().thresholdPercent(), 1, 100);
        problems.positive("increase-window", c.increaseWindow());
        problems.atLeast("transitions-size", c.transitionsSize(), 1);
        c.webhookUrl().filter(url -> !url.isBlank()).ifPresent(url -> {
            if (!isHttpUrl(url)) {
                problems.add("poolguard.alerts.webhook-url must be an absolute http:// or https:// URL with a host"
                        + " (value not shown: it may hold credentials)");
            }
        });
        problems.positive("webhook.timeout", c.webhook().timeout());
        problems.positive("webhook.backoff", c.webhook().backoff());
        problems.between("webhook.retries", c.webhook().retries(), 0, 10);
        problems.atLeast("webhook.queue-size", c.webhook().queueSize(), 1);
        return problems.list();
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url.trim());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
