package io.poolguard.stability;

import java.time.Duration;
import java.util.List;

import io.poolguard.config.ConfigProblems;

/** Refuses to start on stability limits that cannot work, naming the setting and its value. */
public final class StabilityConfigValidator {

    public static List<String> problems(StabilityConfig c) {
        ConfigProblems problems = new ConfigProblems("poolguard.stability");
        problems.atLeast("max-concurrent-runs", c.maxConcurrentRuns(), 1);
        if (!(c.burstShare() > 0 && c.burstShare() <= 10)) {
            problems.add(problems.setting("burst-share", c.burstShare()) + " must be > 0 and <= 10");
        }
        problems.atLeast("max-count", c.maxCount(), 1);
        if (c.historySize() < c.maxConcurrentRuns()) {
            problems.add(problems.setting("history-size", c.historySize()) + " must be >= "
                    + problems.setting("max-concurrent-runs", c.maxConcurrentRuns()));
        }
        problems.positive("max-interval", c.maxInterval());
        problems.positive("max-hold", c.maxHold());
        problems.positive("max-timeout", c.maxTimeout());
        problems.positive("cancel-wait", c.cancelWait());
        problems.positive("events-interval", c.eventsInterval());
        if (c.eventsInterval().compareTo(Duration.ofSeconds(1)) > 0) {
            problems.add(problems.setting("events-interval", c.eventsInterval()) + " must be <= 1S");
        }
        if (!(c.verdict().maxFailureRatio() >= 0 && c.verdict().maxFailureRatio() <= 1)) {
            problems.add(problems.setting("verdict.max-failure-ratio", c.verdict().maxFailureRatio())
                    + " must be in 0..1");
        }
        problems.positive("verdict.max-p99", c.verdict().maxP99());
        problems.positive("verdict.max-gap", c.verdict().maxGap());
        return problems.list();
    }
}
