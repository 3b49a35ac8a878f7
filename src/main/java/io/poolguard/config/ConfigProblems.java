package io.poolguard.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one feature's configuration, each naming the setting as the operator wrote it and the value
 * it has ({@code poolguard.health.budget=PT0.01S must be at least 100ms}).
 */
public final class ConfigProblems {

    private final String prefix;
    private final List<String> problems = new ArrayList<>();

    public ConfigProblems(String prefix) {
        this.prefix = prefix;
    }

    /** {@code prefix.name=value}: how a problem names a setting. */
    public String setting(String name, Object value) {
        return prefix + "." + name + "=" + value;
    }

    public ConfigProblems add(String problem) {
        problems.add(problem);
        return this;
    }

    public ConfigProblems positive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            add(setting(name, value) + " must be positive");
        }
        return this;
    }

    public ConfigProblems atLeast(String name, long value, long minimum) {
        if (value < minimum) {
            add(setting(name, value) + " must be >= " + minimum);
        }
        return this;
    }

    public ConfigProblems between(String name, long value, long minimum, long maximum) {
        if (value < minimum || value > maximum) {
            add(setting(name, value) + " must be between " + minimum + " and " + maximum);
        }
        return this;
    }

    public List<String> list() {
        return List.copyOf(problems);
    }
}
