package io.poolguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.poolguard.database.SizingAdvice;
import io.poolguard.monitor.MonitorSample;
import io.poolguard.pool.ConnectionBudget;
import io.poolguard.testing.Samples;

/**
 * The database view's budget and the {@code connection_budget} alert judge the same pool against the same server
 * the same way, on both sides of the boundary. They once disagreed: with 30 connections allowed and max-size 30,
 * the view said "over budget" (30 + 1 readiness connection) while the alert stayed clear (30).
 */
class ConnectionBudgetAgreementTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void viewAndAlertAgreeJustWithinTheBudget() {
        // max_connections 34, 3 reserved: 31 for ordinary roles = 30 pool + 1 readiness
        assertAgree(30, 1, 34, 3, true);
        // 3 replicas x (30 + 1) = 93 of 96
        assertAgree(30, 3, 99, 3, true);
    }

    @Test
    void viewAndAlertAgreeOneConnectionOverTheBudget() {
        // 30 for ordinary roles: the readiness connection does not fit beside a full pool of 30
        assertAgree(30, 1, 33, 3, false);
        // 3 replicas x (30 + 1) = 93 of 92
        assertAgree(30, 3, 95, 3, false);
    }

    private static void assertAgree(int maxSize, int replicas, int maxConnections, int reserved, boolean within) {
        ConnectionBudget view = SizingAdvice.of(4, 1, 10, maxSize, 0, replicas, maxConnections - reserved).budget();
        AlertRules rules = new AlertRules(new AlertRulesTest.Settings(), replicas);
        Condition alert = rules.evaluate(new MonitorSample(1, AT, Samples.pool(0, 0, maxSize), Samples.rose(0),
                Samples.up(AT, maxConnections, reserved, 1, 0), true)).get(AlertRule.CONNECTION_BUDGET);

        String setting = "max-size " + maxSize + ", " + replicas + " replica(s), " + (maxConnections - reserved)
                + " allowed";
        assertThat(view.withinBudget()).as("database view within budget, " + setting).isEqualTo(within);
        assertThat(alert.status()).as("connection_budget alert, " + setting)
                .isEqualTo(within ? Condition.Status.CLEAR : Condition.Status.FIRING);
        assertThat(alert.value()).as("the alert's value is the view's required connections")
                .isEqualTo(Integer.toString(view.required()));
    }
}
