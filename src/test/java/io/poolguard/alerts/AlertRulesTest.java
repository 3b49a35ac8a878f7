package io.poolguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.poolguard.monitor.MonitorSample;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
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
        Map<AlertRule, Condition> changed = rules.evaluate(sample(60, pool(0, 0), role(true)));
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
        Map<AlertRule, Condition> down = rules.evaluate(sample(0, pool(0, 0), down(DatabaseFailure.UNREACHABLE)));
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
        Condition over = rules.evaluate(sample(1, Samples.pool(0, 0, 30), up(10, 0)))
                .get(AlertRule.CONNECTION_BUDGET);
        assertThat(over.status()).isEqualTo(firing());
        assertThat(over.value()).as("required connections").isEqualTo("124");
        assertThat(over.message()).contains("4 replicas x (30 pool + 1 readiness) = 124").contains("only 97");
    }

    private Condition.Status status(AlertRule rule, MonitorSample sample) {
        return rules.evaluate(sample).get(rule).status();
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
