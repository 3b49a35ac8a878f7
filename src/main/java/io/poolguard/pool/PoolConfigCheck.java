package io.poolguard.pool;

import java.util.List;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Applies {@link PoolConfigValidator#problems} while the configuration is built, before any extension starts. It
 * has to be that early: with Agroal's metrics on, Quarkus creates the datasource while it sets up the metrics
 * registry, long before a {@code StartupEvent} observer runs, and Agroal would refuse an impossible pool with its
 * own less helpful message ("Invalid min size: greater than max size"). Registered in
 * {@code META-INF/services/io.smallrye.config.SmallRyeConfigBuilderCustomizer}.
 */
public class PoolConfigCheck implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        // the only config validator: no Bean Validation extension is on the class path
        builder.withValidator(new ConfigValidator() {
            @Override
            public void validateMapping(Class<?> mappingClass, String prefix, Object mappingObject) {
                if (mappingObject instanceof PoolConfig config) {
                    List<String> problems = PoolConfigValidator.problems(config);
                    if (!problems.isEmpty()) {
                        throw new ConfigValidationException(new ConfigValidationException.Problem[] {
                                new ConfigValidationException.Problem(PoolConfigValidator.refusal(problems)) });
                    }
                }
            }
        });
    }
}
