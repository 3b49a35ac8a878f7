package io.poolguard.stability;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.failures;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.poolguard.testing.FaultHarness;
import io.poolguard.testing.FaultProfile;
import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Scenario 6: a fresh-mode run against a server at {@code max_connections} says so, by class. */
@QuarkusTest
@TestProfile(FaultProfile.class)
class TooManyConnectionsTest {

    FaultHarness harness;

    @Test
    void aFreshRunAgainstAServerAtMaxConnectionsReportsTooManyConnections() throws SQLException {
        List<Connection> taken = new ArrayList<>();
        try {
            takeEverySlot(taken);
            JsonPath result = awaitFinished(startAccepted("{\"count\": 20, \"interval\": 0, \"mode\": \"fresh\"}"),
                    Duration.ofSeconds(60));

            assertThat(failures(result, "too_many_connections")).as("every fresh connection refused by the server"
                    + " at max_connections: %s", result.prettify()).isEqualTo(20);
            assertThat(result.getBoolean("verdict.stable")).isFalse();
            assertThat(result.getString("verdict.reason")).contains("too_many_connections");
        } finally {
            for (Connection c : taken) {
                c.close();
            }
        }
    }

    /** Opens connections as the service's role until the server refuses one with 53300. */
    private void takeEverySlot(List<Connection> taken) {
        String url = harness.primary().jdbcUrl(PostgresTestResource.DATABASE);
        for (int i = 0; i < 200; i++) {
            try {
                taken.add(DriverManager.getConnection(url, PostgresTestResource.USER, PostgresTestResource.PASSWORD));
            } catch (SQLException e) {
                assertThat(e.getSQLState()).as("the server is full: %s", e.getMessage()).isEqualTo("53300");
                return;
            }
        }
        throw new AssertionError("the server never refused a connection");
    }
}
