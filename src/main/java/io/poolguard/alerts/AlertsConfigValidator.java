package io.poolguard.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Refuses to start on alert settings that cannot work, naming the setting (never the webhook's credentials). */
@Singleton
public class AlertsConfigValidator {

    void validateOnStartup(@Observes @Priority(1) StartupEvent event, AlertsConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid alerts configuration: " + String.join("; ", problems)
                    + " (set as poolguard.alerts.* properties or POOLGUARD_ALERTS_* environment variables)");
        }
    }

    static List<String> problems(AlertsConfig c) {
        List<String> problems = new ArrayList<>();
        percent(problems, "utilisation.threshold-percent", c.utilisation().thresholdPercent());
        percent(problems, "server-connections.threshold-percent", c.serverConnections().thresholdPercent());
        if (c.utilisation().consecutiveSamples() < 1) {
            problems.add(setting("utilisation.consecutive-samples", c.utilisation().consecutiveSamples())
                    + " must be >= 1");
        }
        positive(problems, "long-transaction.threshold", c.longTransaction().threshold());
        positive(problems, "increase-window", c.increaseWindow());
        if (c.transitionsSize() < 1) {
            problems.add(setting("transitions-size", c.transitionsSize()) + " must be >= 1");
        }
        c.webhookUrl().filter(url -> !url.isBlank()).ifPresent(url -> {
            if (!isHttpUrl(url)) {
                problems.add("poolguard.alerts.webhook-url must be an absolute http:// or https:// URL with a host"
                        + " (value not shown: it may hold credentials)");
            }
        });
        positive(problems, "webhook.timeout", c.webhook().timeout());
        positive(problems, "webhook.backoff", c.webhook().backoff());
        if (c.webhook().retries() < 0 || c.webhook().retries() > 10) {
            problems.add(setting("webhook.retries", c.webhook().retries()) + " must be between 0 and 10");
        }
        if (c.webhook().queueSize() < 1) {
            problems.add(setting("webhook.queue-size", c.webhook().queueSize()) + " must be >= 1");
        }
        return problems;
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

    private static void percent(List<String> problems, String name, int value) {
        if (value < 1 || value > 100) {
            problems.add(setting(name, value) + " must be between 1 and 100");
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(setting(name, value) + " must be positive");
        }
    }

    private static String setting(String name, Object value) {
        return "poolguard.alerts." + name + "=" + value;
    }
}
