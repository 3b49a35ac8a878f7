package io.poolguard.health;

import java.time.Duration;
import java.util.List;

import io.poolguard.config.ConfigProblems;

/** Refuses to start on health settings that cannot work, with one line naming each setting and its value. */
public final class HealthConfigValidator {

    /** Below this the budget leaves no time for a database round trip. */
    static final Duration MINIMUM_BUDGET = Duration.ofMillis(100);

    public static List<String> problems(HealthConfig c) {
        ConfigProblems problems = new ConfigProblems("poolguard.health");
        if (c.budget().compareTo(MINIMUM_BUDGET) < 0) {
            problems.add(problems.setting("budget", c.budget()) + " must be at least "
                    + MINIMUM_BUDGET.toMillis() + "ms");
        }
        problems.positive("readiness.ttl", c.readiness().ttl());
        problems.positive("liveness.heartbeat-interval", c.liveness().heartbeatInterval());
        if (c.liveness().stuckAfter().compareTo(c.liveness().heartbeatInterval().multipliedBy(2)) < 0) {
            problems.add(problems.setting("liveness.stuck-after", c.liveness().stuckAfter())
                    + " must be at least twice "
                    + problems.setting("liveness.heartbeat-interval", c.liveness().heartbeatInterval())
                    + ", or one late heartbeat restarts the pod");
        }
        problems.positive("database-view.server-view-max-age", c.databaseView().serverViewMaxAge());
        problems.atLeast("sizing.spindles", c.sizing().spindles(), 0);
        if (c.sizing().cores().isPresent() && c.sizing().cores().getAsInt() < 1) {
            problems.add(problems.setting("sizing.cores", c.sizing().cores().getAsInt()) + " must be >= 1");
        }
        return problems.list();
    }
}
