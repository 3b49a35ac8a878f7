package io.poolguard.stability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Refuses to start on stability limits that cannot work, naming the setting and its value. */
@Singleton
public class StabilityConfigValidator {

    void validateOnStartup(@Observes StartupEvent event, StabilityConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid stability configuration: " + String.join("; ", problems)
                    + " (set as poolguard.stability.* properties or POOLGUARD_STABILITY_* environment variables)");
        }
    }

    public static List<String> problems(StabilityConfig c) {
        List<String> problems = new ArrayList<>();
        if (c.maxConcurrentRuns() < 1) {
            problems.add(setting("max-concurrent-runs", c.maxConcurrentRuns()) + " must be >= 1");
        }
        if (!(c.burstShare() > 0 && c.burstShare() <= 10)) {
            problems.add(setting("burst-share", c.burstShare()) + " must be > 0 and <= 10");
        }
        if (c.maxCount() < 1) {
            problems.add(setting("max-count", c.maxCount()) + " must be >= 1");
        }
        if (c.historySize() < c.maxConcurrentRuns()) {
            problems.add(setting("history-size", c.historySize()) + " must be >= "
                    + setting("max-concurrent-runs", c.maxConcurrentRuns()));
        }
        positive(problems, "max-interval", c.maxInterval());
        positive(problems, "max-hold", c.maxHold());
        positive(problems, "max-timeout", c.maxTimeout());
        positive(problems, "cancel-wait", c.cancelWait());
        positive(problems, "events-interval", c.eventsInterval());
        if (c.eventsInterval().compareTo(Duration.ofSeconds(1)) > 0) {
            problems.add(setting("events-interval", c.eventsInterval()) + " must be <= 1S");
        }
        if (!(c.verdict().maxFailureRatio() >= 0 && c.verdict().maxFailureRatio() <= 1)) {
            problems.add(setting("verdict.max-failure-ratio", c.verdict().maxFailureRatio()) + " must be in 0..1");
        }
        positive(problems, "verdict.max-p99", c.verdict().maxP99());
        return problems;
    }

    private static void positive(List<String> problems, String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(setting(name, value) + " must be positive");
        }
    }

    private static String setting(String name, Object value) {
        return "poolguard.stability." + name + "=" + value;
    }
}
