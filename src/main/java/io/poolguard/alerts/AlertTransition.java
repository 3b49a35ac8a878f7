package io.poolguard.alerts;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An alert starting ({@code fired}) or ending ({@code resolved}).
 *
 * @param at when it happened
 * @param startedAt when the alert started (equal to {@code at} for {@code fired})
 * @param value the measured value at the transition
 * @param message what was measured, for a human
 */
@RegisterForReflection
public record AlertTransition(String rule, String alertName, String severity, String transition, Instant at,
        Instant startedAt, String value, String message) {

    static final String FIRED = "fired";
    static final String RESOLVED = "resolved";

    boolean isFired() {
        return FIRED.equals(transition);
    }
}
