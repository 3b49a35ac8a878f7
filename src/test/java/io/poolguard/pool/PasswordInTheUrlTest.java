package io.poolguard.pool;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.poolguard.devdb.LocalPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * D2 of issue 11: the service started with the password inside its JDBC URL, a password with {@code ;}, {@code &}
 * and {@code %} in it, showed the part after the {@code ;} in {@code /api/v1/hc/database} and the startup line.
 * The database really has that password, so readiness coming UP proves pgjdbc read it as a whole.
 */
@QuarkusTest
@TestProfile(PasswordInTheUrlTest.PasswordInTheUrl.class)
class PasswordInTheUrlTest {

    static final List<String> PASSWORD_PARTS = List.of("Qx7wa", "Zk9pe", "Mv3ti", "Yb8ro");
    static final String PASSWORD = "Qx7wa;Zk9pe&Mv3ti%41Yb8ro";
    /** Where Quarkus' test support has the application log to a file, in the JVM and the packaged application. */
    static final Path LOG = Path.of("target", "quarkus.log").toAbsolutePath();

    public static class PasswordInTheUrl implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        /** Credentials only in the URL: the empty values also outrank what an earlier test left set. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.username", "", "quarkus.datasource.password", "",
                    "quarkus.log.file.enabled", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseWithHostilePassword.class));
        }
    }

    /** Its own server: the shared one's roles must keep their passwords for the other tests. */
    public static class DatabaseWithHostilePassword implements QuarkusTestResourceLifecycleManager {
        private LocalPostgresServer server;

        @Override
        public Map<String, String> start() {
            server = LocalPostgresServer.start("Sup3r-pg-pw-41ab");
            server.createDatabase("app", "url_user", PASSWORD);
            // ';' as is (pgjdbc splits only on '&'), '&' and '%' percent-encoded as a URL needs them
            String url = server.jdbcUrl("app") + "?user=url_user&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("%3B", ";");
            return Map.of("quarkus.datasource.jdbc.url", url);
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void noPartOfThePasswordInTheDatabaseViewOrTheLog() throws IOException {
        Awaitility.await("readiness UP with the password from the URL").atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/v1/hc/health/ready").statusCode() == 200);

        Response view = given().get("/api/v1/hc/database");
        assertThat(view.statusCode()).as(view.asString()).isEqualTo(200);
        assertThat(view.jsonPath().getString("config.jdbcUrl")).as("the URL as shown")
                .contains("password=***", "user=url_user");
        assertThat(view.asString()).as("database view").doesNotContain(PASSWORD_PARTS);

        String log = Files.readString(LOG);
        // the file may hold earlier applications' lines too: this one's startup line is the last
        assertThat(log.lines().filter(line -> line.contains("pool min=")).reduce((first, last) -> last))
                .as("the startup line, with the URL redacted").get().asString()
                .contains("url=jdbc:postgresql://127.0.0.1:", "password=***", "user=url_user");
        assertThat(log).as("the application's log").doesNotContain(PASSWORD_PARTS);
    }
}
