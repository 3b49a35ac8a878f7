package io.poolguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.poolguard.pool.PoolConfig;
import io.smallrye.config.ConfigValidationException;

class ConfigRulesTest {

    @Test
    void refusalIsOneLineNamingThePropertiesAndTheEnvironmentVariables() {
        assertThat(ConfigRules.refusal("poolguard.alerts", List.of("a=1 must be >= 2", "b=0 must be positive")))
                .isEqualTo("Invalid alerts configuration: a=1 must be >= 2; b=0 must be positive"
                        + " (set as poolguard.alerts.* properties or POOLGUARD_ALERTS_* environment variables)");
    }

    @Test
    void anImpossibleMappingIsRefusedWhileTheConfigurationIsBuilt() {
        PoolConfig minAboveMax = new io.poolguard.pool.PoolConfigValidatorTest.Config(40, 40, 30);
        assertThatThrownBy(() -> ConfigRules.validate(PoolConfig.class, "poolguard.pool", minAboveMax))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("Invalid pool configuration: poolguard.pool.min-size=40 must be <="
                        + " poolguard.pool.max-size=30");
    }

    @Test
    void validAndUnknownMappingsPass() {
        PoolConfig defaults = new io.poolguard.pool.PoolConfigValidatorTest.Config(10, 10, 30);
        assertThatCode(() -> ConfigRules.validate(PoolConfig.class, "poolguard.pool", defaults))
                .doesNotThrowAnyException();
        assertThatCode(() -> ConfigRules.validate(Object.class, "other", new Object())).doesNotThrowAnyException();
    }
}
