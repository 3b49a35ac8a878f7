package io.poolguard.alerts;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An alert that is firing.
 *
 * @param rule the rule's label ({@code pool_utilisation})
 * @param alertName the Alertmanager/Prometheus alert name
 * @param startedAt the sample that fired it
 * @param lastSeenAt the latest sample that still fired it
 * @param value the measured value at {@code lastSeenAt}
 * @param message what is wrong, for a human
 */
@RegisterForReflection
public record Alert(String rule, String alertName, String severity, Instant startedAt, Instant lastSeenAt,
        String value, String message) {
}
