package io.poolguard.database;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A monitor sampling every second on a small pool, with query text shown, two clients with series of their own in
 * the metrics, and client-alert thresholds a test reaches in seconds.
 */
public class ClientsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("poolguard.monitor.interval", "1S"),
                Map.entry("poolguard.monitor.log-level", "DEBUG"),
                Map.entry("poolguard.pool.min-size", "1"),
                Map.entry("poolguard.pool.initial-size", "1"),
                Map.entry("poolguard.pool.max-size", "3"),
                Map.entry("poolguard.server-view.show-queries", "true"),
                Map.entry("poolguard.server-view.metrics-top-clients", "2"),
                Map.entry("poolguard.alerts.idle-in-transaction.threshold", "1S"),
                // one new connection per sample is 60 a minute: a client must open three between two samples
                Map.entry("poolguard.alerts.connection-churn.per-minute", "120"),
                // 97 ordinary connections: 10% is 9.7, so a client of 12 fires and the pool of at most 3 does not
                Map.entry("poolguard.alerts.client-connections.threshold-percent", "10"));
    }
}
