package io.poolguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The paths {@link ProbeMethodGuard} guards are constants (a native executable keeps no build-time property to read
 * them from); in the JVM Quarkus' build configuration is visible, so this pins the two together.
 */
@QuarkusTest
class ProbePathsTest {

    @Test
    void theGuardedPathsAreTheOnesQuarkusServesTheProbesAndTheScrapeOn() {
        Config config = ConfigProvider.getConfig();
        assertThat(config.getValue("quarkus.smallrye-health.root-path", String.class))
                .isEqualTo(ProbeMethodGuard.HEALTH_ROOT);
        assertThat(value(config, "quarkus.smallrye-health.liveness-path", "live")).isEqualTo(ProbeMethodGuard.LIVE);
        assertThat(value(config, "quarkus.smallrye-health.readiness-path", "ready"))
                .isEqualTo(ProbeMethodGuard.READY);
        assertThat(value(config, "quarkus.smallrye-health.startup-path", "started"))
                .isEqualTo(ProbeMethodGuard.STARTED);
        assertThat(value(config, "quarkus.smallrye-health.wellness-path", "well"))
                .isEqualTo(ProbeMethodGuard.WELLNESS);
        assertThat(value(config, "quarkus.smallrye-health.group-path", "group")).isEqualTo(ProbeMethodGuard.GROUPS);
        assertThat(ProbeMethodGuard.resolve("/", value(config, "quarkus.http.non-application-root-path", "q")))
                .isEqualTo(ProbeMethodGuard.NON_APPLICATION_ROOT);
        assertThat(value(config, "quarkus.micrometer.export.prometheus.path", "metrics"))
                .isEqualTo(ProbeMethodGuard.METRICS);
    }

    private static String value(Config config, String name, String quarkusDefault) {
        return config.getOptionalValue(name, String.class).orElse(quarkusDefault);
    }
}
