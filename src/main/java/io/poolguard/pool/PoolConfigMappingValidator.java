package io.poolguard.pool;

import java.util.List;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Runs {@link PoolConfigValidator#problems} while the configuration is built, before any extension can create the
 * pool: with Agroal's metrics on ({@code quarkus.datasource.metrics.enabled}), the datasource is created at runtime
 * init, before any {@code StartupEvent} observer, and would fail first with Agroal's own stack trace.
 */
public class PoolConfigMappingValidator implements ConfigValidator, SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        ConfigValidator existing = builder.getValidator() == null ? ConfigValidator.EMPTY : builder.getValidator();
        builder.withValidator((mappingClass, prefix, mappingObject) -> {
            existing.validateMapping(mappingClass, prefix, mappingObject);
            validateMapping(mappingClass, prefix, mappingObject);
        });
    }

    @Override
    public void validateMapping(Class<?> mappingClass, String prefix, Object mappingObject)
            throws ConfigValidationException {
        if (mappingObject instanceof PoolConfig config) {
            List<String> problems = PoolConfigValidator.problems(config);
            if (!problems.isEmpty()) {
                throw new ConfigValidationException(new ConfigValidationException.Problem[] {
                        new ConfigValidationException.Problem(PoolConfigValidator.describe(problems)) });
            }
        }
    }
}
