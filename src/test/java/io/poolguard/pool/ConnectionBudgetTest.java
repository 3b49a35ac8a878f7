package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one connection-budget formula, without Quarkus. */
class ConnectionBudgetTest {

    @Test
    void connectionBudgetOverTheServerLimitSaysWhatToChange() {
        ConnectionBudget over = ConnectionBudget.of(30, 4, 97);
        assertThat(over.poolConnections()).as("max-size x replicas").isEqualTo(120);
        assertThat(over.required()).as("plus one readiness connection per replica").isEqualTo(124);
        assertThat(over.withinBudget()).isFalse();
        assertThat(over.verdict()).startsWith("over budget")
                .contains("poolguard.pool.max-size to 23").contains("max_connections");

        ConnectionBudget within = ConnectionBudget.of(30, 3, 97);
        assertThat(within.withinBudget()).as("3 x 31 = 93 <= 97").isTrue();
        assertThat(within.verdict()).startsWith("within budget").contains("4 spare");

        ConnectionBudget unknown = ConnectionBudget.of(30, 1, null);
        assertThat(unknown.withinBudget()).as("no server view: unknown, not a guess").isNull();
        assertThat(unknown.verdict()).startsWith("unknown");
    }
}
