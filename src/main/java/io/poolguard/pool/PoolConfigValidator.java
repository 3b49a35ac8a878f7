package io.poolguard.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Refuses to start on a pool configuration that cannot work (HikariCP's {@code validateNumerics} is the model): a
 * nonsense value should stop the deploy, not surface at 3 a.m. as a pool that never fills or recycles too early.
 */
@Singleton
public class PoolConfigValidator {

    /**
     * Runs before Agroal creates the pool, so the operator sees one line from us instead of the pool's stack trace.
     * A missing URL is checked here too: without it Quarkus deactivates the datasource and fails later, verbosely.
     */
    void validateOnStartup(@Observes @Priority(1) StartupEvent event, PoolConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url) {
        if (url.isEmpty() || url.get().isBlank()) {
            throw new ConfigurationException("No database configured: set QUARKUS_DATASOURCE_JDBC_URL (e.g."
                    + " jdbc:postgresql://db.example:5432/app), QUARKUS_DATASOURCE_USERNAME and"
                    + " QUARKUS_DATASOURCE_PASSWORD");
        }
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            // normally already refused by PoolConfigMappingValidator while the configuration was built
            throw new ConfigurationException(describe(problems));
        }
    }

    /** The one line an operator reads when the pool configuration is refused. */
    static String describe(List<String> problems) {
        return "Invalid pool configuration: " + String.join("; ", problems)
                + " (set as poolguard.pool.* properties or POOLGUARD_POOL_* environment variables)";
    }

    /** Every problem with the configuration, each naming the setting and the value it has. */
    public static List<String> problems(PoolConfig c) {
        List<String> problems = new ArrayList<>();
        atLeast(problems, "min-size", c.minSize(), 0);
        atLeast(problems, "max-size", c.maxSize(), 1);
        atLeast(problems, "replicas", c.replicas(), 1);
        if (c.minSize() > c.maxSize()) {
            problems.add(setting("min-size", c.minSize()) + " must be <= " + setting("max-size", c.maxSize()));
        }
        if (c.initialSize() < c.minSize() || c.initialSize() > c.maxSize()) {
            problems.add(setting("initial-size", c.initialSize()) + " must be between "
                    + setting("min-size", c.minSize()) + " and " + setting("max-size", c.maxSize()));
        }
        positive(problems, "acquisition-timeout", c.acquisitionTimeout());
        positive(problems, "max-lifetime", c.maxLifetime());
        positive(problems, "leak-detection-interval", c.leakDetectionInterval());
        positive(problems, "idle-removal-interval", c.idleRemovalInterval());
        positive(problems, "validation.background-interval", c.validation().backgroundInterval());
        positive(problems, "validation.timeout", c.validation().timeout());
        if (c.validation().foregroundInterval().isNegative()) {
            problems.add(setting("validation.foreground-interval", c.validation().foregroundInterval())
                    + " must be >= 0");
        }
        Duration longestValidationInterval = max(c.validation().backgroundInterval(),
                c.validation().foregroundInterval());
        if (c.maxLifetime().compareTo(longestValidationInterval) <= 0) {
            problems.add(setting("max-lifetime", c.maxLifetime()) + " must be longer than the validation intervals ("
                    + setting("validation.background-interval", c.validation().backgroundInterval()) + ", "
                    + setting("validation.foreground-interval", c.validation().foregroundInterval())
                    + "), or connections are recycled before they are ever validated");
        }
        if (c.applicationName().isBlank()) {
            problems.add(setting("application-name", "''") + " must not be blank");
        }
        atLeast(problems, "driver.connect-timeout-seconds", c.driver().connectTimeoutSeconds(), 1);
        atLeast(problems, "driver.login-timeout-seconds", c.driver().loginTimeoutSeconds(), 1);
        atLeast(problems, "driver.socket-timeout-seconds", c.driver().socketTimeoutSeconds(), 1);
        return problems;
    }

    private static void atLeast(List<String> problems, String name, int value, int minimum) {
        if (value < minimum) {
            problems.add(setting(name, value) + " must be >= " + minimum);
        }
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(setting(name, value) + " must be positive");
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code poolguard.pool.min-size=40}: the name the operator set (the env var follows from it) and its value. */
    static String setting(String name, Object value) {
        return "poolguard.pool." + name + "=" + value;
    }
}
