package io.poolguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.poolguard.monitor.MonitorSample;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.poolguard.pool.LeakHolder;
import io.poolguard.pool.LeakReport;
import io.poolguard.server.ClientsSummary;
import io.poolguard.testing.Samples;

/** The rules' thresholds and edges, sample by sample, without a running service. */
class AlertRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AlertRules rules = new AlertRules(new Settings(), 4);
    private long sequence;

    @Test
    void utilisationFiresOnlyAfterTheConfiguredNumberOfConsecutiveSamples() {
        assertThat(status(AlertRule.POOL_UTILISATION, sample(0, pool(8, 0), up(10, 0)))).isEqualTo(unknown());
        assertThat(status(AlertRule.POOL_UTILISATION, sample(1, pool(5, 0), up(10, 0))))
                .as("a dip below the threshold restarts the count").isEqualTo(clear());
        assertThat(status(AlertRule.POOL_UTILISATION, sample(2, pool(8, 0), up(10, 0)))).isEqualTo(unknown());
        assertThat(status(AlertRule.POOL_UTILISATION, sample(3, pool(10, 0), up(10, 0))))
                .as("80%% then 100%%: two consecutive samples at or above 80%%").isEqualTo(firing());
    }

    @Test
    void aRoleChangeFiresOnceSeenAndResolvesAfterAWindowWithoutAnother() {
        assertThat(status(AlertRule.DATABASE_ROLE_CHANGED, sample(0, pool(0, 0), role(false))))
                .as("the first role seen is no change").isEqualTo(clear());
        assertThat(status(AlertRule.DATABASE_ROLE_CHANGED, sample(30, pool(0, 0), down(DatabaseFailure.UNREACHABLE))))
                .as("a failed view keeps the last role").isEqualTo(clear());
        Map<AlertRule, Condition> changed = rules.evaluate(sample(60, pool(0, 0), role(true)), Samples.NO_LEAKS);
        assertThat(changed.get(AlertRule.DATABASE_ROLE_CHANGED).status()).as("primary to standby")
                .isEqualTo(firing());
        assertThat(changed.get(AlertRule.DATABASE_ROLE_CHANGED).value()).isEqualTo("standby");
        assertThat(status(AlertRule.DATABASE_ROLE_CHANGED, sample(120, pool(0, 0), role(true))))
                .as("within the window").isEqualTo(firing());
        assertThat(status(AlertRule.DATABASE_ROLE_CHANGED, sample(181, pool(0, 0), role(true))))
                .as("no change for the whole window").isEqualTo(clear());
    }

    private ServerSample role(boolean inRecovery) {
        return Samples.up(T0, 100, 3, 10, 0, inRecovery);
    }

    @Test
    void waitingThreadsFireAtOnce() {
        assertThat(status(AlertRule.POOL_WAITING, sample(0, pool(10, 2), up(10, 0)))).isEqualTo(firing());
        assertThat(status(AlertRule.POOL_WAITING, sample(1, pool(10, 0), up(10, 0)))).isEqualTo(clear());
    }

    @Test
    void aCounterIncreaseFiresUntilAWindowPassesWithoutOne() {
        assertThat(status(AlertRule.ACQUISITION_TIMEOUTS, sample(0, Samples.pool(0, 0, 10, 1), Samples.rose(1), up(10, 0)))).isEqualTo(firing());
        assertThat(status(AlertRule.ACQUISITION_TIMEOUTS, sample(60, Samples.pool(0, 0, 10, 1), Samples.rose(0), up(10, 0))))
                .as("within the 2-minute window").isEqualTo(firing());
        assertThat(status(AlertRule.ACQUISITION_TIMEOUTS, sample(121, Samples.pool(0, 0, 10, 1), Samples.rose(0), up(10, 0))))
                .as("no increase for the whole window").isEqualTo(clear());
    }

    @Test
    void anUnreachableServerFiresWithItsFailureClassButAnExhaustedPoolSaysNothingAboutTheServer() {
        Map<AlertRule, Condition> down = rules.evaluate(sample(0, pool(0, 0), down(DatabaseFailure.UNREACHABLE)), Samples.NO_LEAKS);
        assertThat(down.get(AlertRule.DATABASE_UNREACHABLE).status()).isEqualTo(firing());
        assertThat(down.get(AlertRule.DATABASE_UNREACHABLE).value()).isEqualTo("unreachable");
        assertThat(down.get(AlertRule.SERVER_CONNECTIONS).status()).as("server rules cannot tell")
                .isEqualTo(unknown());
        assertThat(status(AlertRule.DATABASE_UNREACHABLE, sample(1, pool(10, 0), down(DatabaseFailure.POOL_EXHAUSTED))))
                .isEqualTo(unknown());
    }

    @Test
    void serverConnectionsFireAt80PercentOfWhatOrdinaryRolesMayOpen() {
        // available = 100 - 3 = 97; 80% of 97 = 77.6
        assertThat(status(AlertRule.SERVER_CONNECTIONS, sample(0, pool(0, 0), up(77, 0)))).isEqualTo(clear());
        assertThat(status(AlertRule.SERVER_CONNECTIONS, sample(1, pool(0, 0), up(78, 0)))).isEqualTo(firing());
    }

    @Test
    void aTransactionOpenLongerThanTheThresholdFires() {
        assertThat(status(AlertRule.LONG_TRANSACTION, sample(0, pool(0, 0), up(10, 299)))).isEqualTo(clear());
        assertThat(status(AlertRule.LONG_TRANSACTION, sample(1, pool(0, 0), up(10, 300)))).isEqualTo(firing());
    }

    @Test
    void theBudgetCountsEveryReplicasPoolAndReadinessConnection() {
        // (max-size 10 + 1) x 4 replicas = 44 of 97: fits; (30 + 1) x 4 = 124: over
        assertThat(status(AlertRule.CONNECTION_BUDGET, sample(0, pool(0, 0), up(10, 0)))).isEqualTo(clear());
        Condition over = rules.evaluate(sample(1, Samples.pool(0, 0, 30), up(10, 0)), Samples.NO_LEAKS)
                .get(AlertRule.CONNECTION_BUDGET);
        assertThat(over.status()).isEqualTo(firing());
        assertThat(over.value()).as("required connections").isEqualTo("124");
        assertThat(over.message()).contains("4 replicas x (30 pool + 1 readiness) = 124").contains("only 97");
    }

    @Test
    void aLeakAlertNamesTheLongestHolderItsThreadAndWhereItBorrowed() {
        LeakHolder holder = new LeakHolder(T0, Duration.ofSeconds(150), "executor-thread-7", "TIMED_WAITING",
                List.of("java.lang.Thread.sleep(Native Method)", "com.example.Reports.export(Reports.java:88)"),
                List.of("com.example.Reports.open(Reports.java:41)"));
        LeakReport leaks = new LeakReport(2, Duration.ofMinutes(2), true, List.of(holder));
        PoolCounters leaked = new PoolCounters(0, 0, 0, 0, 1, 0, 0, 0);

        Condition leak = rules.evaluate(sample(0, pool(1, 0), leaked, up(10, 0)), leaks).get(AlertRule.CONNECTION_LEAK);

        assertThat(leak.status()).isEqualTo(firing());
        assertThat(leak.message()).contains("+1 leak detection(s)", "2 connection(s) past the PT2M interval",
                "since " + T0, "thread 'executor-thread-7' (TIMED_WAITING)", "at com.example.Reports.open(Reports.java:41)");
        LeakHolder withoutReport = new LeakHolder(T0, Duration.ofSeconds(150), "executor-thread-7", "TIMED_WAITING",
                holder.stack(), null);
        assertThat(rules.evaluate(sample(1, pool(1, 0), leaked, up(10, 0)),
                new LeakReport(1, Duration.ofMinutes(2), false, List.of(withoutReport))).get(AlertRule.CONNECTION_LEAK)
                .message()).as("without the extended report: the holder's own frame, not the JDK's")
                .contains("at com.example.Reports.export(Reports.java:88)");
    }

    @Test
    void aClientIdleInATransactionPastTheThresholdFiresNamingIt() {
        assertThat(status(AlertRule.IDLE_IN_TRANSACTION, sample(0, pool(0, 0), clients(null, leader(59), null))))
                .isEqualTo(clear());
        Condition idle = rules.evaluate(sample(1, pool(0, 0), clients(null, leader(60), null)), Samples.NO_LEAKS)
                .get(AlertRule.IDLE_IN_TRANSACTION);
        assertThat(idle.status()).isEqualTo(firing());
        assertThat(idle.value()).isEqualTo("60s");
        assertThat(idle.message()).contains("'billing' (role app)", "idle in a transaction for 60s");
        assertThat(status(AlertRule.IDLE_IN_TRANSACTION, sample(2, pool(0, 0), clients(null, null, null))))
                .as("resolves once no session is idle in a transaction").isEqualTo(clear());
    }

    @Test
    void aClientOpeningMoreThanTheThresholdPerMinuteOnTwoSamplesInARowFires() {
        assertThat(status(AlertRule.CONNECTION_CHURN, sample(0, pool(0, 0), clients(null, null, leader(60)))))
                .isEqualTo(clear());
        assertThat(status(AlertRule.CONNECTION_CHURN, sample(1, pool(0, 0), clients(null, null, leader(61)))))
                .as("one sample over: not yet").isEqualTo(unknown());
        assertThat(status(AlertRule.CONNECTION_CHURN, sample(2, pool(0, 0), clients(null, null, leader(61)))))
                .isEqualTo(firing());
    }

    @Test
    void aPoolOpeningItsConnectionsAtOnceDoesNotFireConnectionChurn() {
        assertThat(status(AlertRule.CONNECTION_CHURN, sample(0, pool(0, 0), clients(null, null, leader(400)))))
                .as("a deploy: the pool opens all its connections between two samples").isEqualTo(unknown());
        assertThat(status(AlertRule.CONNECTION_CHURN, sample(1, pool(0, 0), clients(null, null, leader(0)))))
                .isEqualTo(clear());
        assertThat(status(AlertRule.CONNECTION_CHURN, sample(2, pool(0, 0), clients(null, null, leader(400)))))
                .as("a database restart later: again one sample").isEqualTo(unknown());
        assertThat(status(AlertRule.CONNECTION_CHURN, sample(3, pool(0, 0), clients(null, null, null))))
                .isEqualTo(clear());
    }

    @Test
    void aClientHoldingHalfOfTheOrdinaryConnectionsFiresAndSaysWhenOthersAreHidden() {
        // 97 ordinary connections: 48 is 49%, 49 is 51%
        assertThat(status(AlertRule.CLIENT_CONNECTIONS_HIGH, sample(0, pool(0, 0), clients(leader(48), null, null))))
                .isEqualTo(clear());
        assertThat(status(AlertRule.CLIENT_CONNECTIONS_HIGH, sample(1, pool(0, 0), clients(leader(49), null, null))))
                .isEqualTo(firing());
        ServerSample partial = Samples.up(T0, new ClientsSummary(3, false, 4, null, leader(90), null));
        assertThat(rules.evaluate(sample(2, pool(0, 0), partial), Samples.NO_LEAKS).get(AlertRule.IDLE_IN_TRANSACTION)
                .message()).contains("4 session(s) of other roles are hidden", "pg_monitor");
    }

    private static ServerSample clients(ClientsSummary.Leader most, ClientsSummary.Leader idle,
            ClientsSummary.Leader opened) {
        return Samples.up(T0, new ClientsSummary(3, true, 0, most, idle, opened));
    }

    private static ClientsSummary.Leader leader(double value) {
        return new ClientsSummary.Leader("billing", "app", value);
    }

    private Condition.Status status(AlertRule rule, MonitorSample sample) {
        return rules.evaluate(sample, Samples.NO_LEAKS).get(rule).status();
    }

    private MonitorSample sample(int second, PoolSnapshot pool, ServerSample server) {
        return sample(second, pool, Samples.rose(0), server);
    }

    private MonitorSample sample(int second, PoolSnapshot pool, PoolCounters rose, ServerSample server) {
        return new MonitorSample(++sequence, T0.plusSeconds(second), pool, rose, server, true);
    }

    private static PoolSnapshot pool(int active, int awaiting) {
        return Samples.pool(active, awaiting, 10);
    }

    private static ServerSample up(int total, double oldestTransactionSeconds) {
        return Samples.up(T0, total, oldestTransactionSeconds);
    }

    private static ServerSample down(DatabaseFailure failure) {
        return Samples.down(T0, failure);
    }

    private static Condition.Status firing() {
        return Condition.Status.FIRING;
    }

    private static Condition.Status clear() {
        return Condition.Status.CLEAR;
    }

    private static Condition.Status unknown() {
        return Condition.Status.UNKNOWN;
    }

    /** The defaults, with a 2-minute increase window and two samples for utilisation. */
    static class Settings implements AlertsConfig {
        @Override
        public Utilisation utilisation() {
            return new Utilisation() {
                @Override
                public int thresholdPercent() {
                    return 80;
                }

                @Override
                public int consecutiveSamples() {
                    return 2;
                }
            };
        }

        @Override
        public ServerConnections serverConnections() {
            return () -> 80;
        }

        @Override
        public LongTransaction longTransaction() {
            return () -> Duration.ofMinutes(5);
        }

        @Override
        public IdleInTransaction idleInTransaction() {
            return () -> Duration.ofMinutes(1);
        }

        @Override
        public ConnectionChurn connectionChurn() {
            return () -> 60;
        }

        @Override
        public ClientConnections clientConnections() {
            return () -> 50;
        }

        @Override
        public Duration increaseWindow() {
            return Duration.ofMinutes(2);
        }

        @Override
        public int transitionsSize() {
            return 50;
        }

        @Override
        public Optional<String> webhookUrl() {
            return Optional.empty();
        }

        @Override
        public Webhook webhook() {
            return null;
        }
    }
}
