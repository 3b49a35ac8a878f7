package io.poolguard.pool;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.testing.InjectPostgres;
import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the database server sees of the running service's pool, asked from the test's side of the wire only (no
 * bean injection), so {@link PoolSessionsIT} runs the same assertions against the packaged jar and the native
 * executable: their driver, password authentication and pool settings reach a real PostgreSQL.
 */
@QuarkusTest
class PoolSessionsTest {

    @InjectPostgres
    LocalPostgresServer postgres;

    @Test
    void serverSeesThePoolsSessionsUnderItsApplicationName() {
        // the database view borrows from the pool when its sample is old: after another test's outage the pool may
        // hold no connection until something borrows (how many it holds then is not this test's point)
        // right after a start on a loaded machine the first validation may have timed out: wait for a usable view
        await("database view usable").atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/v1/hc/database").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sessions("poolguard", "%"))
                .as("sessions of user %s named 'poolguard', opened with password authentication",
                        PostgresTestResource.USER)
                .isGreaterThanOrEqualTo(1));
    }

    private long sessions(String applicationName, String statePattern) throws SQLException {
        assertThat(postgres).as("the test PostgreSQL is injected into the test instance").isNotNull();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), LocalPostgresServer.SUPERUSER,
                postgres.superuserPassword());
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE usename = ? AND application_name = ? AND state LIKE ?")) {
            s.setString(1, PostgresTestResource.USER);
            s.setString(2, applicationName);
            s.setString(3, statePattern);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
