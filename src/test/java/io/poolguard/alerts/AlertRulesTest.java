package io.poolguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.poolguard.monitor.MonitorSample;
import io.poolguard.monitor.PoolState;
import io.poolguard.monitor.ServerState;

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
    void waitingThreadsFireAtOnce() {
        assertThat(status(AlertRule.POOL_WAITING, sample(0, pool(10, 2), up(10, 0)))).isEqualTo(firing());
        assertThat(status(AlertRule.POOL_WAITING, sample(1, pool(10, 0), up(10, 0)))).isEqualTo(clear());
    }

    @Test
    void aCounterIncreaseFiresUntilAWindowPassesWithoutOne() {
        assertThat(status(AlertRule.ACQUISITION_TIMEOUTS, sample(0, timeouts(1, 1), up(10, 0)))).isEqualTo(firing());
        assertThat(status(AlertRule.ACQUISITION_TIMEOUTS, sample(60, timeouts(1, 0), up(10, 0))))
                .as("within the 2-minute window").isEqualTo(firing());
        assertThat(status(AlertRule.ACQUISITION_TIMEOUTS, sample(121, timeouts(1, 0), up(10, 0))))
                .as("no increase for the whole window").isEqualTo(clear());
    }

    @Test
    void anUnreachableServerFiresWithItsFailureClassButAnExhaustedPoolSaysNothingAboutTheServer() {
        Map<AlertRule, Condition> down = rules.evaluate(sample(0, pool(0, 0), down("unreachable")));
        assertThat(down.get(AlertRule.DATABASE_UNREACHABLE).status()).isEqualTo(firing());
        assertThat(down.get(AlertRule.DATABASE_UNREACHABLE).value()).isEqualTo("unreachable");
        assertThat(down.get(AlertRule.SERVER_CONNECTIONS).status()).as("server rules cannot tell")
                .isEqualTo(unknown());
        assertThat(status(AlertRule.DATABASE_UNREACHABLE, sample(1, pool(10, 0), down("pool_exhausted"))))
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
    void theBudgetCountsEveryReplicasPool() {
        // max-size 10 x 4 replicas = 40 of 97: fits; max-size 30 x 4 = 120: over
        assertThat(status(AlertRule.CONNECTION_BUDGET, sample(0, pool(0, 0), up(10, 0)))).isEqualTo(clear());
        Condition over = rules.evaluate(sample(1, new PoolState(0, 0, 0, 30, 0, 0, 0, 0, 0, 0, 0), up(10, 0)))
                .get(AlertRule.CONNECTION_BUDGET);
        assertThat(over.status()).isEqualTo(firing());
        assertThat(over.message()).contains("30 x 4 replica(s) = 120").contains("allows 97");
    }

    private Condition.Status status(AlertRule rule, MonitorSample sample) {
        return rules.evaluate(sample).get(rule).status();
    }

    private MonitorSample sample(int second, PoolState pool, ServerState server) {
        return new MonitorSample(++sequence, T0.plusSeconds(second), pool, server);
    }

    private static PoolState pool(int active, int awaiting) {
        return new PoolState(active, 10 - active, awaiting, 10, active * 10.0, 0, 0, 0, 0, 0, 0);
    }

    private static PoolState timeouts(long total, long delta) {
        return new PoolState(0, 10, 0, 10, 0, total, delta, 0, 0, 0, 0);
    }

    private static ServerState up(int total, double oldestTransactionSeconds) {
        return new ServerState(true, true, T0, null, null, 2, total, 100, 97, oldestTransactionSeconds);
    }

    private static ServerState down(String failure) {
        return new ServerState(false, true, T0, failure, "refused", null, null, null, null, null);
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
