package io.poolguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The PrometheusRule and the dashboard ConfigMap in deploy/kubernetes are generated from deploy/prometheus and
 * deploy/grafana (kustomize may not read files outside its directory): the committed copies must be exactly what
 * the sources generate. {@code -Dpoolguard.regenerate=true} rewrites them instead of failing.
 */
class GeneratedManifestsTest {

    @Test
    void prometheusRuleIsGeneratedFromTheRuleFile() throws IOException {
        assertGenerated(DeployKit.PROMETHEUS_RULE, DeployKit::prometheusRule);

        JsonNode rule = DeployKit.yaml(DeployKit.PROMETHEUS_RULE);
        assertThat(rule.path("spec"))
                .as("the PrometheusRule's spec is the rule file's content, group for group")
                .isEqualTo(DeployKit.yaml(DeployKit.RULES));
    }

    @Test
    void dashboardConfigMapCarriesTheDashboardFile() throws IOException {
        assertGenerated(DeployKit.DASHBOARD_CONFIG_MAP, DeployKit::dashboardConfigMap);

        JsonNode configMap = DeployKit.yaml(DeployKit.DASHBOARD_CONFIG_MAP);
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText())
                .as("the label Grafana's dashboard sidecar looks for").isEqualTo("1");
        JsonNode carried = DeployKit.JSON.readTree(configMap.path("data").path("poolguard-dashboard.json").asText());
        assertThat(carried).as("the ConfigMap's dashboard is deploy/grafana/poolguard-dashboard.json")
                .isEqualTo(DeployKit.json(DeployKit.DASHBOARD));
    }

    private static void assertGenerated(Path file, Supplier<String> generator) throws IOException {
        String expected = generator.get();
        if (Boolean.getBoolean("poolguard.regenerate")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s is generated: run %s", file, DeployKit.REGENERATE)
                .isEqualTo(expected);
    }
}
