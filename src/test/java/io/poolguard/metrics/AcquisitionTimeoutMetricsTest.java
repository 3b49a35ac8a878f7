package io.poolguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolAccess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Exhausts a two-connection pool and watches the scrape: the counter a pool-exhaustion alert is built on. */
@QuarkusTest
@TestProfile(AcquisitionTimeoutMetricsTest.TinyPool.class)
class AcquisitionTimeoutMetricsTest {

    /** Two connections and a half-second wait, so exhausting the pool is quick. */
    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "poolguard.pool.max-size", "2",
                    "poolguard.pool.min-size", "1",
                    "poolguard.pool.initial-size", "1",
                    "poolguard.pool.acquisition-timeout", "PT0.5S");
        }
    }

    private static final String TIMEOUTS = "poolguard_pool_acquisition_timeouts_total";

    @Inject
    PoolAccess pool;

    @Test
    void acquisitionTimeoutCounterRisesWhenTheExhaustedPoolMakesABorrowerGiveUp() throws SQLException {
        double before = Scrape.fetch().value(TIMEOUTS).orElseThrow();

        try (Connection first = pool.borrow(); Connection second = pool.borrow()) {
            Scrape saturated = Scrape.fetch();
            assertThat(saturated.value("poolguard_pool_max_size")).as("the profile's max-size").hasValue(2);
            assertThat(saturated.value("poolguard_pool_utilisation_ratio"))
                    .as("both connections are in use: utilisation 1").hasValue(1.0);

            assertThatThrownBy(pool::borrow).as("the third borrow gives up after the acquisition timeout")
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(DatabaseFailure.classify(e)).isEqualTo(DatabaseFailure.POOL_EXHAUSTED));
        }

        Scrape after = Scrape.fetch();
        assertThat(after.value(TIMEOUTS)).as("one more acquisition timeout in the scrape").hasValue(before + 1);
        assertThat(after.value("poolguard_pool_utilisation_ratio")).as("connections handed back").hasValue(0.0);
    }
}
