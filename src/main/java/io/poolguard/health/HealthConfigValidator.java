package io.poolguard.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Refuses to start on health settings that cannot work, with one line naming each setting and its value. */
@Singleton
public class HealthConfigValidator {

    /** Below this the budget leaves no time for a database round trip. */
    static final Duration MINIMUM_BUDGET = Duration.ofMillis(100);

    void validateOnStartup(@Observes @Priority(2) StartupEvent event, HealthConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid health configuration: " + String.join("; ", problems)
                    + " (set as poolguard.health.* properties or POOLGUARD_HEALTH_* environment variables)");
        }
    }

    public static List<String> problems(HealthConfig c) {
        List<String> problems = new ArrayList<>();
        if (c.budget().compareTo(MINIMUM_BUDGET) < 0) {
            problems.add(setting("budget", c.budget()) + " must be at least " + MINIMUM_BUDGET.toMillis() + "ms");
        }
        positive(problems, "readiness.ttl", c.readiness().ttl());
        positive(problems, "liveness.heartbeat-interval", c.liveness().heartbeatInterval());
        if (c.liveness().stuckAfter().compareTo(c.liveness().heartbeatInterval().multipliedBy(2)) < 0) {
            problems.add(setting("liveness.stuck-after", c.liveness().stuckAfter()) + " must be at least twice "
                    + setting("liveness.heartbeat-interval", c.liveness().heartbeatInterval())
                    + ", or one late heartbeat restarts the pod");
        }
        positive(problems, "database-view.server-view-max-age", c.databaseView().serverViewMaxAge());
        if (c.sizing().spindles() < 0) {
            problems.add(setting("sizing.spindles", c.sizing().spindles()) + " must be >= 0");
        }
        if (c.sizing().cores().isPresent() && c.sizing().cores().getAsInt() < 1) {
            problems.add(setting("sizing.cores", c.sizing().cores().getAsInt()) + " must be >= 1");
        }
        return problems;
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(setting(name, value) + " must be positive");
        }
    }

    private static String setting(String name, Object value) {
        return "poolguard.health." + name + "=" + value;
    }
}
