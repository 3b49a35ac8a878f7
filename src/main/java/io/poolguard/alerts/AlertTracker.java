package io.poolguard.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.poolguard.monitor.MonitorSample;
import io.poolguard.pool.DataSourceLog;
import io.poolguard.pool.PoolConfig;
import io.quarkus.logging.Log;

/**
 * The alerts' lifecycle: each rule fires once when its condition starts (WARN), stays active while it holds and
 * resolves once when it clears (INFO). Every transition is counted, kept for {@code /api/v1/hc/alerts} and sent to
 * the webhook. Meters exist for every rule from startup, so {@code poolguard_alert_active{rule}} reads 0 rather
 * than absent.
 */
@Singleton
public class AlertTracker {

    private final AlertRules rules;
    private final AlertWebhook webhook;
    private final int transitionsSize;
    private final Map<AlertRule, Alert> active = new EnumMap<>(AlertRule.class);
    private final Deque<AlertTransition> transitions = new ArrayDeque<>();
    private final Map<AlertRule, AtomicInteger> activeGauges = new EnumMap<>(AlertRule.class);
    private final Map<AlertRule, Counter> fired = new EnumMap<>(AlertRule.class);
    private final Map<AlertRule, Counter> resolved = new EnumMap<>(AlertRule.class);

    AlertTracker(AlertsConfig config, PoolConfig poolConfig, AlertWebhook webhook, MeterRegistry registry) {
        this.rules = new AlertRules(config, poolConfig.replicas());
        this.webhook = webhook;
        this.transitionsSize = Math.max(1, config.transitionsSize());
        for (AlertRule rule : AlertRule.values()) {
            AtomicInteger gauge = new AtomicInteger();
            activeGauges.put(rule, gauge);
            Gauge.builder(MetricNames.ALERT_ACTIVE, gauge, AtomicInteger::get)
                    .description("1 while the PoolGuard alert for this rule is firing, else 0")
                    .tag("rule", rule.label())
                    .register(registry);
            fired.put(rule, transitionCounter(registry, rule, AlertTransition.FIRED));
            resolved.put(rule, transitionCounter(registry, rule, AlertTransition.RESOLVED));
        }
    }

    private static Counter transitionCounter(MeterRegistry registry, AlertRule rule, String transition) {
        return Counter.builder(MetricNames.ALERT_TRANSITIONS)
                .description("PoolGuard alert transitions by rule: fired or resolved")
                .tag("rule", rule.label())
                .tag("transition", transition)
                .register(registry);
    }

    void onSample(@Observes MonitorSample sample) {
        Map<AlertRule, Condition> conditions = rules.evaluate(sample);
        conditions.forEach((rule, condition) -> apply(rule, condition, sample.at()));
    }

    private void apply(AlertRule rule, Condition condition, Instant at) {
        AlertTransition transition;
        synchronized (this) {
            Alert current = active.get(rule);
            switch (condition.status()) {
                case FIRING -> {
                    if (current != null) {
                        active.put(rule, new Alert(current.rule(), current.alertName(), current.severity(),
                                current.startedAt(), at, condition.value(), condition.message()));
                        return;
                    }
                    active.put(rule, new Alert(rule.label(), rule.alertName(), rule.severity(), at, at,
                            condition.value(), condition.message()));
                    transition = record(rule, AlertTransition.FIRED, at, at, condition);
                }
                case CLEAR -> {
                    if (current == null) {
                        return;
                    }
                    active.remove(rule);
                    transition = record(rule, AlertTransition.RESOLVED, at, current.startedAt(), condition);
                }
                default -> {
                    return;
                }
            }
        }
        if (transition.isFired()) {
            activeGauges.get(rule).set(1);
            fired.get(rule).increment();
            Log.warnf(DataSourceLog.PREFIX + "alert %s FIRING: %s", rule.label(), condition.message());
        } else {
            activeGauges.get(rule).set(0);
            resolved.get(rule).increment();
            Log.infof(DataSourceLog.PREFIX + "alert %s resolved after %d s: %s", rule.label(),
                    Duration.between(transition.startedAt(), at).toSeconds(), condition.message());
        }
        webhook.send(transition);
    }

    private AlertTransition record(AlertRule rule, String kind, Instant at, Instant startedAt, Condition condition) {
        AlertTransition transition = new AlertTransition(rule.label(), rule.alertName(), rule.severity(), kind, at,
                startedAt, condition.value(), condition.message());
        if (transitions.size() == transitionsSize) {
            transitions.removeLast();
        }
        transitions.addFirst(transition);
        return transition;
    }

    /** Active alerts oldest first, and recent transitions newest first. */
    public synchronized AlertsView view() {
        List<Alert> alerts = new ArrayList<>(active.values());
        alerts.sort(Comparator.comparing(Alert::startedAt));
        return new AlertsView(alerts, new ArrayList<>(transitions));
    }
}
