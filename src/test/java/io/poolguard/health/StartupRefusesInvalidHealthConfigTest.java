package io.poolguard.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

@QuarkusMainTest
@TestProfile(StartupRefusesInvalidHealthConfigTest.BudgetTooSmall.class)
class StartupRefusesInvalidHealthConfigTest {

    public static class BudgetTooSmall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("poolguard.health.budget", "50ms");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void startupStopsWithOneLineNamingTheSetting(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertThat(output).as("the refusal names the setting and its value")
                .contains("Invalid health configuration: poolguard.health.budget=PT0.05S must be at least 100ms");
    }
}
