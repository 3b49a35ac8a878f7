package io.poolguard.pool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.poolguard.config.ConfigProblems;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The pool's rules (HikariCP's {@code validateNumerics} is the model): a nonsense value should stop the deploy, not
 * surface at 3 a.m. as a pool that never fills or recycles too early. {@code ConfigRules} applies them.
 */
@Singleton
public class PoolConfigValidator {

    /**
     * A missing URL stops startup with one line: without it Quarkus deactivates the datasource and fails later,
     * verbosely. (The rules below run earlier still, while the configuration is built: {@code ConfigRules}.)
     */
    void requireDatabaseUrl(@Observes @Priority(1) StartupEvent event,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url) {
        if (url.isEmpty() || url.get().isBlank()) {
            throw new ConfigurationException("No database configured: set QUARKUS_DATASOURCE_JDBC_URL (e.g."
                    + " jdbc:postgresql://db.example:5432/app), QUARKUS_DATASOURCE_USERNAME and"
                    + " QUARKUS_DATASOURCE_PASSWORD");
        }
    }

    /** Every problem with the configuration, each naming the setting and the value it has. */
    public static List<String> problems(PoolConfig c) {
        ConfigProblems problems = new ConfigProblems("poolguard.pool");
        problems.atLeast("min-size", c.minSize(), 0);
        problems.atLeast("max-size", c.maxSize(), 1);
        problems.atLeast("replicas", c.replicas(), 1);
        if (c.minSize() > c.maxSize()) {
            problems.add(problems.setting("min-size", c.minSize()) + " must be <= "
                    + problems.setting("max-size", c.maxSize()));
        }
        if (c.initialSize() < c.minSize() || c.initialSize() > c.maxSize()) {
            problems.add(problems.setting("initial-size", c.initialSize()) + " must be between "
                    + problems.setting("min-size", c.minSize()) + " and "
                    + problems.setting("max-size", c.maxSize()));
        }
        problems.positive("acquisition-timeout", c.acquisitionTimeout());
        problems.positive("max-lifetime", c.maxLifetime());
        problems.positive("leak-detection-interval", c.leakDetectionInterval());
        problems.positive("idle-removal-interval", c.idleRemovalInterval());
        problems.positive("validation.background-interval", c.validation().backgroundInterval());
        problems.positive("validation.timeout", c.validation().timeout());
        if (c.validation().foregroundInterval().isNegative()) {
            problems.add(problems.setting("validation.foreground-interval", c.validation().foregroundInterval())
                    + " must be >= 0");
        }
        Duration longestValidationInterval = max(c.validation().backgroundInterval(),
                c.validation().foregroundInterval());
        if (c.maxLifetime().compareTo(longestValidationInterval) <= 0) {
            problems.add(problems.setting("max-lifetime", c.maxLifetime())
                    + " must be longer than the validation intervals ("
                    + problems.setting("validation.background-interval", c.validation().backgroundInterval()) + ", "
                    + problems.setting("validation.foreground-interval", c.validation().foregroundInterval())
                    + "), or connections are recycled before they are ever validated");
        }
        if (c.applicationName().isBlank()) {
            problems.add(problems.setting("application-name", "''") + " must not be blank");
        }
        problems.atLeast("driver.connect-timeout-seconds", c.driver().connectTimeoutSeconds(), 1);
        problems.atLeast("driver.login-timeout-seconds", c.driver().loginTimeoutSeconds(), 1);
        problems.atLeast("driver.socket-timeout-seconds", c.driver().socketTimeoutSeconds(), 1);
        return problems.list();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
