package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

@QuarkusMainTest
@TestProfile(StartupRefusesInvalidPoolConfigTest.MinAboveMax.class)
class StartupRefusesInvalidPoolConfigTest {

    public static class MinAboveMax implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("poolguard.pool.min-size", "40", "poolguard.pool.initial-size", "40");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void startupStopsWithOneLineNamingTheSetting(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertThat(output).as("the refusal names the setting and both values")
                .contains("Invalid pool configuration: poolguard.pool.min-size=40 must be <= poolguard.pool.max-size=30");
        assertThat(output.lines().filter(l -> l.contains("Invalid pool configuration")).count())
                .as("one line says it").isEqualTo(1);
        assertThat(output).as("no password in the startup output").doesNotContain(PostgresTestResource.PASSWORD);
    }
}
