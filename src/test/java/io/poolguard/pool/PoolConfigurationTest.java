package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PoolConfigurationTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PoolAccess pool;

    @Test
    void effectivePoolSettingsMatchTheSqlAlchemyTuningNote() {
        PoolSettings settings = pool.settings();

        assertThat(settings.minSize()).as("min-size = pool_size").isEqualTo(10);
        assertThat(settings.initialSize()).as("initial-size = pool_size").isEqualTo(10);
        assertThat(settings.maxSize()).as("max-size = pool_size + max_overflow").isEqualTo(30);
        assertThat(settings.acquisitionTimeout()).as("pool_timeout").isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxLifetime()).as("pool_recycle").isEqualTo(Duration.ofHours(1));
        assertThat(settings.foregroundValidationInterval()).as("pre-ping for idle connections")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(settings.validateOnBorrow()).as("no round trip per borrow by default").isFalse();
        assertThat(settings.backgroundValidationInterval()).as("background validation")
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.leakDetectionInterval()).as("leak detection").isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.idleRemovalInterval()).as("idle removal").isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.loginTimeout()).as("driver login timeout").isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.connectTimeoutSeconds()).as("driver connect timeout").isEqualTo("5");
        assertThat(settings.socketTimeoutSeconds()).as("driver socket timeout").isEqualTo("60");
        assertThat(settings.applicationName()).isEqualTo("poolguard");
    }

    @Test
    void effectiveSettingsNeverCarryThePassword() {
        assertThat(pool.settings().summary())
                .doesNotContain(io.poolguard.testing.PostgresTestResource.PASSWORD)
                .contains("url=jdbc:postgresql://127.0.0.1:");
    }

    @Test
    void serverSeesOurSessionsUnderTheApplicationName() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('application_name'), (SELECT count(*)"
                        + " FROM pg_stat_activity WHERE application_name = 'poolguard' AND pid = pg_backend_pid())")) {
            rs.next();
            assertThat(rs.getString(1)).as("this session's application_name").isEqualTo("poolguard");
            // how many there are depends on what earlier tests did to the pool; that this one is found is the point
            assertThat(rs.getLong(2)).as("the server lists this pooled session under the application name")
                    .isEqualTo(1);
        }
    }
}
