package io.poolguard.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A fast monitor on a small pool: samples every 200 ms, keeps 5, pool of 3, utilisation alert after 2 samples, and
 * a webhook pointing at a local port that tests may listen on (see {@link #webhookPort()}), with a long timeout so
 * that a hung receiver holds a delivery for a while. A run's burst may take the whole pool, so a hold run saturates
 * it over HTTP alone.
 */
public class MonitorTestProfile implements QuarkusTestProfile {

    public static final int HISTORY_SIZE = 5;
    public static final int POOL_MAX_SIZE = 3;

    // a system property rather than a static: Quarkus loads test classes in more than one class loader
    private static final String WEBHOOK_PORT = "poolguard.test.webhook-port";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("poolguard.monitor.interval", "200ms"),
                Map.entry("poolguard.monitor.history-size", Integer.toString(HISTORY_SIZE)),
                Map.entry("poolguard.pool.min-size", "1"),
                Map.entry("poolguard.pool.initial-size", "1"),
                Map.entry("poolguard.pool.max-size", Integer.toString(POOL_MAX_SIZE)),
                Map.entry("poolguard.pool.acquisition-timeout", "20S"),
                Map.entry("poolguard.stability.burst-share", "1"),
                Map.entry("poolguard.alerts.utilisation.consecutive-samples", "2"),
                Map.entry("poolguard.alerts.increase-window", "2S"),
                Map.entry("poolguard.alerts.webhook-url",
                        "http://hook-user:hook-secret@127.0.0.1:" + webhookPort() + "/alertmanager?token=hook-token"),
                Map.entry("poolguard.alerts.webhook.timeout", "10S"),
                Map.entry("poolguard.alerts.webhook.retries", "1"),
                Map.entry("poolguard.alerts.webhook.backoff", "100ms"));
    }

    /** A free port chosen once per JVM, where the profile's webhook URL points. */
    public static synchronized int webhookPort() {
        String port = System.getProperty(WEBHOOK_PORT);
        if (port == null) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = Integer.toString(socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(WEBHOOK_PORT, port);
        }
        return Integer.parseInt(port);
    }
}
