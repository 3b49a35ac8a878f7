package io.poolguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** HTTP only, so {@link MetricsEndpointIT} runs the same assertions against the packaged application. */
@QuarkusTest
class MetricsEndpointTest {

    /** Every family PoolGuard's features export, with its Prometheus type: all registered from startup. */
    static final Map<String, String> POOLGUARD_FAMILIES = Map.ofEntries(
            Map.entry("poolguard_pool_acquire_seconds", "histogram"),
            Map.entry("poolguard_pool_acquire_seconds_max", "gauge"),
            Map.entry("poolguard_pool_acquisition_timeouts_total", "counter"),
            Map.entry("poolguard_pool_evictions_total", "counter"),
            Map.entry("poolguard_pool_database_down", "gauge"),
            Map.entry("poolguard_database_read_only", "gauge"),
            Map.entry("poolguard_pool_max_size", "gauge"),
            Map.entry("poolguard_pool_min_size", "gauge"),
            Map.entry("poolguard_pool_utilisation_ratio", "gauge"),
            Map.entry("poolguard_server_connections", "gauge"),
            Map.entry("poolguard_server_our_sessions", "gauge"),
            Map.entry("poolguard_server_max_connections", "gauge"),
            Map.entry("poolguard_server_reserved_connections", "gauge"),
            Map.entry("poolguard_server_oldest_transaction_seconds", "gauge"),
            Map.entry("poolguard_server_view_age_seconds", "gauge"),
            Map.entry("poolguard_readiness_up", "gauge"),
            Map.entry("poolguard_validation_seconds", "summary"),
            Map.entry("poolguard_stability_runs_total", "counter"),
            Map.entry("poolguard_stability_operations_total", "counter"),
            Map.entry("poolguard_stability_operation_seconds", "histogram"),
            Map.entry("poolguard_monitor_ticks_total", "counter"),
            Map.entry("poolguard_alert_active", "gauge"),
            Map.entry("poolguard_alert_transitions_total", "counter"),
            Map.entry("poolguard_alert_webhook_notifications_total", "counter"));

    /** Agroal's own pool meters (quarkus.datasource.metrics.enabled), a representative set. */
    static final Map<String, String> AGROAL_FAMILIES = Map.of(
            "agroal_active_count", "gauge",
            "agroal_available_count", "gauge",
            "agroal_awaiting_count", "gauge",
            "agroal_max_used_count", "gauge",
            "agroal_acquire_count_total", "counter",
            "agroal_creation_count_total", "counter",
            "agroal_invalid_count_total", "counter",
            "agroal_leak_detection_count_total", "counter");

    @Test
    void scrapeHasEveryPoolGuardMeterWithItsPrometheusType() {
        Scrape scrape = Scrape.fetch();

        POOLGUARD_FAMILIES.forEach((family, type) -> assertThat(scrape.type(family))
                .as("# TYPE of %s in the scrape", family).contains(type));
    }

    @Test
    void scrapeHasAgroalsOwnPoolMetersTaggedWithTheDatasource() {
        Scrape scrape = Scrape.fetch();

        AGROAL_FAMILIES.forEach((family, type) -> assertThat(scrape.type(family))
                .as("# TYPE of Agroal's %s in the scrape", family).contains(type));
        assertThat(scrape.value("agroal_active_count", Map.of("datasource", "default")))
                .as("Agroal's gauges carry the datasource tag").isPresent();
    }

    @Test
    void poolGaugesReportTheConfiguredPool() {
        Scrape scrape = Scrape.fetch();

        assertThat(scrape.value("poolguard_pool_max_size")).as("max-size (default 30)").hasValue(30);
        assertThat(scrape.value("poolguard_pool_min_size")).as("min-size (default 10)").hasValue(10);
        assertThat(scrape.value("poolguard_pool_utilisation_ratio").orElseThrow())
                .as("utilisation is a ratio").isBetween(0.0, 1.0);
    }

    @Test
    void ourSessionsHaveOneSeriesPerStateAndNoOtherTags() {
        Scrape scrape = Scrape.fetch();

        Set<String> states = scrape.series().stream()
                .filter(s -> s.name().equals("poolguard_server_our_sessions"))
                .map(s -> s.labels().get("state"))
                .collect(Collectors.toSet());
        assertThat(states).as("one series per pg_stat_activity state we count")
                .containsExactlyInAnyOrder("active", "idle", "idle_in_transaction", "idle_in_transaction_aborted");

        Set<String> labelNames = scrape.series().stream()
                .filter(s -> s.name().startsWith("poolguard_pool_") || s.name().startsWith("poolguard_server_"))
                .flatMap(s -> s.labels().keySet().stream())
                .collect(Collectors.toSet());
        assertThat(labelNames).as("bounded tags only: state, reason (an EvictionReason), and le on the histogram"
                + " buckets").isSubsetOf("state", "reason", "le");
        Set<String> reasons = scrape.series().stream()
                .filter(s -> s.name().equals("poolguard_pool_evictions_total"))
                .map(s -> s.labels().get("reason"))
                .collect(Collectors.toSet());
        assertThat(reasons).as("one eviction series per reason, from startup")
                .containsExactlyInAnyOrder("connection_lost", "validation_failed", "suspect", "read_only",
                        "requested");
    }

    @Test
    void serverViewAgeIsAlwaysANumberOfSeconds() {
        Scrape scrape = Scrape.fetch();

        assertThat(scrape.value("poolguard_server_view_age_seconds").orElseThrow())
                .as("age since the last server view, or since startup before the first: never NaN, never negative")
                .isNotNaN().isGreaterThanOrEqualTo(0.0);
    }
}
