package io.poolguard.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import io.smallrye.config.common.utils.StringUtil;

/**
 * The manifests name what the running application actually serves and reads: probe paths that answer, the port
 * it listens on outside tests, the metrics path Prometheus is sent to, probe timeouts that cover the health
 * budget, and environment variables that are the env names of real settings.
 */
@QuarkusTest
class ManifestsMatchApplicationTest {

    /** Read by the application straight from the environment rather than through a setting. */
    static final Set<String> PLAIN_ENVIRONMENT = Set.of("HOSTNAME");

    final Deployment deployment = KubernetesManifestsTest.deployment();
    final Container container = KubernetesManifestsTest.container(deployment);
    final SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);

    @Test
    void probesAskTheApplicationsHealthPathsAndTheyAnswer() {
        String root = config.getValue("quarkus.smallrye-health.root-path", String.class);
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put(root + "/" + config.getValue("quarkus.smallrye-health.startup-path", String.class),
                container.getStartupProbe());
        probes.put(root + "/" + config.getValue("quarkus.smallrye-health.liveness-path", String.class),
                container.getLivenessProbe());
        probes.put(root + "/" + config.getValue("quarkus.smallrye-health.readiness-path", String.class),
                container.getReadinessProbe());

        probes.forEach((path, probe) -> {
            assertThat(probe.getHttpGet().getPath()).as("the probe for %s", path).isEqualTo(path);
            assertThat(containerPort(probe.getHttpGet().getPort())).as("port of the probe for %s", path)
                    .isEqualTo(httpPort());
            given().get(path).then().statusCode(200);
        });
    }

    @Test
    void containerPortIsTheApplicationsHttpPort() {
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort)
                .as("the container's ports against quarkus.http.port").containsExactly(httpPort());
        assertThat(annotation("prometheus.io/port")).as("the prometheus.io/port annotation")
                .isEqualTo(Integer.toString(httpPort()));
    }

    @Test
    void prometheusIsSentToThePathTheMetricsAreServedOn() {
        ServiceMonitor monitor = KubernetesManifestsTest.only(ServiceMonitor.class);
        String path = monitor.getSpec().getEndpoints().get(0).getPath();

        assertThat(annotation("prometheus.io/path")).as("the prometheus.io/path annotation").isEqualTo(path);
        assertThat(given().get(path).then().statusCode(200).extract().asString())
                .as("what %s serves", path).contains("# TYPE poolguard_pool_max_size gauge");
    }

    @Test
    void probeTimeoutsMatchTheHealthBudget() {
        Duration budget = config.getConverter(Duration.class).orElseThrow()
                .convert(KubernetesManifestsTest.settings().getData().get("POOLGUARD_HEALTH_BUDGET"));
        int seconds = (int) Math.max(1, (budget.toMillis() + 999) / 1000);

        for (Probe probe : KubernetesManifestsTest.probes(container)) {
            assertThat(probe.getTimeoutSeconds())
                    .as("timeoutSeconds of the probe for %s: the budget %s rounded up to whole seconds",
                            probe.getHttpGet().getPath(), budget)
                    .isEqualTo(seconds);
        }
    }

    @Test
    void everyEnvironmentVariableIsASettingTheApplicationReads() {
        // settings with a value or a default, from every source but the environment and system properties: those
        // would list whatever variables this JVM happens to have as settings
        Set<String> settingsByEnvName = new HashSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            if (source instanceof EnvConfigSource || source instanceof SysPropConfigSource) {
                continue;
            }
            for (String name : source.getPropertyNames()) {
                settingsByEnvName.add(StringUtil.replaceNonAlphanumericByUnderscores(name).toUpperCase());
            }
        }
        Set<String> names = new HashSet<>(KubernetesManifestsTest.settings().getData().keySet());
        container.getEnv().forEach(e -> names.add(e.getName()));
        names.removeAll(PLAIN_ENVIRONMENT);

        assertThat(names).as("env names in the ConfigMap and the Deployment that are no setting of the application")
                .isSubsetOf(settingsByEnvName);
        assertThat(names).as("the database and the connection budget are configured")
                .contains("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                        "POOLGUARD_POOL_REPLICAS");
    }

    /**
     * The port outside tests (tests listen on a random one): quarkus.http.port as application.properties resolves
     * it in the prod profile with no environment.
     */
    private static int httpPort() {
        try {
            SmallRyeConfig prod = new SmallRyeConfigBuilder().withProfile("prod").addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(
                            Thread.currentThread().getContextClassLoader().getResource("application.properties")))
                    .build();
            return prod.getValue("quarkus.http.port", Integer.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int containerPort(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    private String annotation(String name) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(name);
    }
}
