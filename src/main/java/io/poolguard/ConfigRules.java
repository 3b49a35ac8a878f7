package io.poolguard;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.poolguard.alerts.AlertsConfig;
import io.poolguard.alerts.AlertsConfigValidator;
import io.poolguard.health.HealthConfig;
import io.poolguard.health.HealthConfigValidator;
import io.poolguard.monitor.MonitorConfig;
import io.poolguard.monitor.MonitorConfigValidator;
import io.poolguard.pool.PoolConfig;
import io.poolguard.pool.PoolConfigValidator;
import io.poolguard.stability.StabilityConfig;
import io.poolguard.stability.StabilityConfigValidator;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Refuses to start on a configuration that cannot work, for every feature, while the configuration is built:
 * before any extension or bean uses it. It has to be that early: with Agroal's metrics on, Quarkus creates the
 * datasource before any {@code StartupEvent} observer runs, and Agroal would refuse an impossible pool with its own
 * stack trace. Each feature keeps its rules beside its config; this only applies them, one line per feature.
 * Registered in {@code META-INF/services/io.smallrye.config.SmallRyeConfigBuilderCustomizer}.
 */
public class ConfigRules implements SmallRyeConfigBuilderCustomizer {

    private static final Map<Class<?>, Function<Object, List<String>>> RULES = Map.of(
            PoolConfig.class, c -> PoolConfigValidator.problems((PoolConfig) c),
            HealthConfig.class, c -> HealthConfigValidator.problems((HealthConfig) c),
            MonitorConfig.class, c -> MonitorConfigValidator.problems((MonitorConfig) c),
            AlertsConfig.class, c -> AlertsConfigValidator.problems((AlertsConfig) c),
            StabilityConfig.class, c -> StabilityConfigValidator.problems((StabilityConfig) c));

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        ConfigValidator existing = builder.getValidator() == null ? ConfigValidator.EMPTY : builder.getValidator();
        builder.withValidator((mappingClass, prefix, mappingObject) -> {
            existing.validateMapping(mappingClass, prefix, mappingObject);
            validate(mappingClass, prefix, mappingObject);
        });
    }

    static void validate(Class<?> mappingClass, String prefix, Object mapping) {
        List<String> problems = RULES.entrySet().stream()
                .filter(rule -> rule.getKey().isInstance(mapping))
                .findFirst()
                .map(rule -> rule.getValue().apply(mapping))
                .orElse(List.of());
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(new ConfigValidationException.Problem[] {
                    new ConfigValidationException.Problem(refusal(prefix, problems)) });
        }
    }

    /** The one line an operator reads: {@code Invalid pool configuration: ... (set as poolguard.pool.* ...)}. */
    public static String refusal(String prefix, List<String> problems) {
        String feature = prefix.substring(prefix.lastIndexOf('.') + 1);
        String env = prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return "Invalid " + feature + " configuration: " + String.join("; ", problems)
                + " (set as " + prefix + ".* properties or " + env + "_* environment variables)";
    }
}
