package io.poolguard.monitor;

import java.time.Duration;
import java.util.List;

import io.poolguard.config.ConfigProblems;

/** Refuses to start on a monitor configuration that cannot work, naming the setting and its value. */
public final class MonitorConfigValidator {

    /** Below this the sampler would mostly measure itself and hammer pg_stat_activity. */
    static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);
    static final int LARGEST_HISTORY = 10_000;

    public static List<String> problems(MonitorConfig c) {
        ConfigProblems problems = new ConfigProblems("poolguard.monitor");
        if (c.interval().compareTo(SHORTEST_INTERVAL) < 0) {
            problems.add("poolguard.monitor.interval=" + c.interval() + " must be at least " + SHORTEST_INTERVAL);
        }
        if (c.historySize() < 1 || c.historySize() > LARGEST_HISTORY) {
            problems.add("poolguard.monitor.history-size=" + c.historySize() + " must be between 1 and "
                    + LARGEST_HISTORY);
        }
        return problems.list();
    }
}
