package io.poolguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.poolguard.metrics.Scrape;
import io.quarkus.test.junit.QuarkusTest;

/** Every metric the shipped rules and the dashboard query is in a real scrape of the service. */
@QuarkusTest
class DeployKitMetricsTest {

    /** Series Prometheus makes itself, never scraped. */
    static final Set<String> PROMETHEUS_OWN = Set.of("ALERTS", "ALERTS_FOR_STATE", "up");

    @Test
    void everyMetricTheRulesQueryIsScraped() {
        Set<String> scraped = scrapedNames();

        DeployKit.ruleExpressions().forEach((alert, expr) -> assertThat(DeployKit.metricNames(expr))
                .as("metrics of %s (%s) that are not in the scrape", alert, expr)
                .isNotEmpty()
                .isSubsetOf(scraped));
    }

    @Test
    void everyMetricTheDashboardQueriesIsScraped() {
        Set<String> scraped = scrapedNames();

        for (DeployKit.DashboardQuery query : DeployKit.dashboardQueries()) {
            Set<String> names = new TreeSet<>(DeployKit.metricNames(query.expr()));
            assertThat(names).as("%s selects a metric: %s", query.where(), query.expr()).isNotEmpty();
            names.removeAll(PROMETHEUS_OWN);
            assertThat(names).as("metrics of %s (%s) that are not in the scrape", query.where(), query.expr())
                    .isSubsetOf(scraped);
        }
    }

    @Test
    void metricNamesAreReadFromPromQl() {
        assertThat(DeployKit.metricNames("histogram_quantile(0.99, sum by (instance, le) (rate("
                + "poolguard_pool_acquire_seconds_bucket{namespace=~\"$namespace\"}[$__rate_interval])))"))
                .containsExactly("poolguard_pool_acquire_seconds_bucket");
        assertThat(DeployKit.metricNames("poolguard_readiness_up == 0 or (poolguard_server_view_age_seconds > 120"
                + " unless on (instance, job) poolguard_pool_utilisation_ratio >= 1)"))
                .containsExactly("poolguard_readiness_up", "poolguard_server_view_age_seconds",
                        "poolguard_pool_utilisation_ratio");
        assertThat(DeployKit.metricNames("count(ALERTS{alertstate=\"firing\"}) or vector(0)"))
                .containsExactly("ALERTS");
    }

    private static Set<String> scrapedNames() {
        Scrape scrape = Scrape.fetch();
        return scrape.series().stream().map(Scrape.Series::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
