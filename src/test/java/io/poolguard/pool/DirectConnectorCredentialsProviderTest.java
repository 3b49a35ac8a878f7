package io.poolguard.pool;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.poolguard.testing.ApiKeyTestResource;
import io.poolguard.testing.CredentialsProviderTestResource;
import io.poolguard.testing.TestCredentialsProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Connections outside the pool authenticate the way the pool does, also when the only credentials come from a
 * credentials provider ({@code quarkus.datasource.credentials-provider}). Fresh stability runs once sent the
 * provider's name as the password and failed with authentication_failed while readiness was UP.
 */
@QuarkusTest
@TestProfile(DirectConnectorCredentialsProviderTest.CredentialsFromAProvider.class)
class DirectConnectorCredentialsProviderTest {

    public static class CredentialsFromAProvider implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CredentialsProviderTestResource.class),
                    new TestResourceEntry(ApiKeyTestResource.class));
        }
    }

    @Inject
    DirectConnector connector;

    @Inject
    TestCredentialsProvider credentials;

    @Test
    void aDirectConnectionAuthenticatesWithTheProvidersCredentials() throws Exception {
        int callsBefore = credentials.calls();
        try (Connection c = connector.open(connector.poolApplicationName() + "-test", Duration.ofSeconds(5));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, current_setting('application_name')")) {
            rs.next();
            assertThat(rs.getString(1)).as("the user the provider gave").isEqualTo(CredentialsProviderTestResource.USER);
            assertThat(rs.getString(2)).as("the caller's application name").isEqualTo("poolguard-test");
        }
        assertThat(credentials.calls()).as("the credentials were asked for, not cached from startup")
                .isGreaterThan(callsBefore);
    }

    @Test
    void readinessAndFreshRunsAuthenticateThroughTheProvider() {
        given().get("/api/v1/hc/health/ready").then().statusCode(200);

        String id = given().header("X-API-Key", ApiKeyTestResource.API_KEY).contentType(ContentType.JSON)
                .body("{\"count\": 5, \"interval\": 0, \"burst\": 1, \"mode\": \"fresh\"}")
                .post("/api/v1/hc/stability-tests").then().statusCode(202).extract().jsonPath().getString("id");
        JsonPath run = await("the fresh run finishes").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> given().header("X-API-Key", ApiKeyTestResource.API_KEY)
                        .get("/api/v1/hc/stability-tests/" + id).then().statusCode(200).extract().jsonPath(),
                        r -> "completed".equals(r.getString("state")));

        assertThat(run.getLong("failures.authentication_failed")).as("fresh connections authenticated: %s",
                run.prettify()).isZero();
        assertThat(run.getLong("successes")).as("every fresh connection worked").isEqualTo(5);
    }
}
