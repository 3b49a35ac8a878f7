package io.poolguard.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Refuses to start on a monitor configuration that cannot work, naming the setting and its value. */
@Singleton
public class MonitorConfigValidator {

    /** Below this the sampler would mostly measure itself and hammer pg_stat_activity. */
    static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);
    static final int LARGEST_HISTORY = 10_000;

    void validateOnStartup(@Observes @jakarta.annotation.Priority(1) StartupEvent event, MonitorConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid monitor configuration: " + String.join("; ", problems)
                    + " (set as poolguard.monitor.* properties or POOLGUARD_MONITOR_* environment variables)");
        }
    }

    static List<String> problems(MonitorConfig c) {
        List<String> problems = new ArrayList<>();
        if (c.interval().compareTo(SHORTEST_INTERVAL) < 0) {
            problems.add("poolguard.monitor.interval=" + c.interval() + " must be at least " + SHORTEST_INTERVAL);
        }
        if (c.historySize() < 1 || c.historySize() > LARGEST_HISTORY) {
            problems.add("poolguard.monitor.history-size=" + c.historySize() + " must be between 1 and "
                    + LARGEST_HISTORY);
        }
        return problems;
    }
}
