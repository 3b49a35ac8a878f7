package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

@QuarkusMainTest
@TestProfile(StartupRefusesMissingDatabaseUrlTest.NoDatabase.class)
class StartupRefusesMissingDatabaseUrlTest {

    /** No datasource URL: what a deployment that forgot its Secret looks like. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        /**
         * The URL empty, not just absent: the integration-test launcher also hands the packaged application the
         * {@code quarkus.*} system properties an earlier integration test left in this JVM (its database URL among
         * them), and an empty value is SmallRye Config's "not set" that outranks them. The settings the other
         * startup-refusal tests break are pinned to their defaults for the same kind of reason: in the JVM run, a
         * profile's overrides outlive its application when it fails while its configuration is built, so they
         * would refuse this start before the URL is looked at.
         */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "",
                    "poolguard.pool.min-size", "10", "poolguard.pool.initial-size", "10",
                    "poolguard.health.budget", "1S");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void startupStopsWithOneLineNamingTheVariablesToSet(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertThat(output).as("the refusal says which variables to set")
                .contains("No database configured: set QUARKUS_DATASOURCE_JDBC_URL");
        assertThat(output.lines().filter(l -> l.contains("No database configured")).count())
                .as("one line says it").isEqualTo(1);
    }
}
