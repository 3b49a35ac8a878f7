package io.poolguard.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.testing.ApiKeyTestResource;
import io.poolguard.testing.InjectPostgres;
import io.poolguard.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The commands as an operator runs them: the packaged jar (or the native executable in the native run) as a
 * process of its own, against the running packaged service and the real PostgreSQL behind it.
 */
@QuarkusIntegrationTest
class CommandsIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNS = "/api/v1/hc/stability-tests";
    private static final String SAMPLE_LINE = "\\d\\d:\\d\\d:\\d\\d pool active=\\d+ idle=\\d+ awaiting=\\d+ max=\\d+"
            + " used=\\d+% timeouts[=+]\\d+ invalid[=+]\\d+ leaks[=+]\\d+ \\| server ours=\\d+ total=\\d+"
            + " max_connections=\\d+ oldest_tx=[\\d.]+s \\| alerts .+";

    @InjectPostgres
    LocalPostgresServer postgres;

    @AfterEach
    void databaseRunningAndNoRunLeftBehind() {
        if (!postgres.isRunning()) {
            postgres.startServer();
        }
        await("service ready again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/api/v1/hc/health/ready").statusCode() == 200);
        List<Map<String, Object>> runs = withKey().get(RUNS).then().statusCode(200).extract().jsonPath().getList("$");
        for (Map<String, Object> run : runs) {
            if (List.of("queued", "running").contains(run.get("state"))) {
                withKey().delete(RUNS + "/" + run.get("id")).then().statusCode(200);
            }
        }
    }

    @Test
    void theNotesMonitorLinePrintsOneLinePerSample() {
        CliProcess.Result result = CliProcess.run(service(), COMMAND_TIMEOUT, "--mode", "monitor", "--interval",
                "0.5", "--count", "3");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.lines()).as("three sample lines: %s", result).hasSize(3)
                .allSatisfy(line -> assertThat(line).matches(SAMPLE_LINE));
        assertThat(result.lines().get(0)).as("first line: totals").contains("timeouts=");
        assertThat(result.lines().get(2)).as("later lines: increases").contains("timeouts+0", "max=30");
        assertThat(result.stdout()).as("no colour into a pipe").doesNotContain("\u001b[");
    }

    @Test
    void monitorJsonIsOneObjectPerLine() throws IOException {
        CliProcess.Result result = CliProcess.run(service(), COMMAND_TIMEOUT, "monitor", "--json", "--interval",
                "500ms", "--count", "3");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.lines()).hasSize(3);
        for (String line : result.lines()) {
            JsonNode sample = JSON.readTree(line);
            assertThat(sample.path("answered").asBoolean()).as(line).isTrue();
            assertThat(sample.path("pool").path("maxSize").asInt()).as(line).isEqualTo(30);
            assertThat(sample.path("pool").path("active").isNumber()).as(line).isTrue();
            assertThat(sample.path("server").path("maxConnections").asInt()).as(line).isPositive();
            assertThat(sample.path("alerts").isArray()).as(line).isTrue();
        }
        assertThat(JSON.readTree(result.lines().get(1)).path("poolDelta").path("invalid").isNumber())
                .as("increases from the second line on").isTrue();
    }

    @Test
    void theNotesTestLineRunsToAStableVerdictAndExitsZero() {
        // the note's exact flags; 5 x 0.2 s instead of 100 x 1 s
        CliProcess.Result result = CliProcess.run(service(), COMMAND_TIMEOUT, "--mode", "test", "--test-count", "5",
                "--test-interval", "0.2");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.stdout()).as("%s", result).contains("operations: 5 of 5 done, 0 failed")
                .contains("failures by class: none").contains("latency: p50").contains("p99.9")
                .contains("pool over the run: acquired +").contains("verdict: stable (");
    }

    @Test
    void testJsonPrintsTheFinalRunObjectAndTheKeyMayComeFromAFile() throws IOException {
        Path keyFile = Files.createTempFile("poolguard-key", ".txt");
        Files.writeString(keyFile, ApiKeyTestResource.API_KEY + "\n");
        Map<String, String> env = new HashMap<>(service());
        env.remove("POOLGUARD_API_KEY");

        CliProcess.Result result = CliProcess.run(env, COMMAND_TIMEOUT, "test", "--json", "--api-key-file",
                keyFile.toString(), "--test-count", "3", "--test-interval", "0", "--connection-mode", "fresh");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.lines()).as("one object").hasSize(1);
        JsonNode run = JSON.readTree(result.stdout());
        assertThat(run.path("state").asText()).isEqualTo("completed");
        assertThat(run.path("request").path("mode").asText()).isEqualTo("fresh");
        assertThat(run.path("successes").asLong()).isEqualTo(3);
        Files.delete(keyFile);
    }

    @Test
    void aRunThatLosesTheDatabaseIsUnstableAndExitsOne() {
        CliProcess test = CliProcess.start(service(), "test", "--test-count", "24", "--burst", "4",
                "--test-interval", "0.1");
        await("progress printed").atMost(Duration.ofSeconds(30)).until(() -> test.stdout().contains(" ops/s"));

        postgres.stop();
        CliProcess.Result result = test.awaitExit(COMMAND_TIMEOUT);

        assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
        assertThat(result.stdout()).as("%s", result).contains("verdict: unstable (").contains("failure ratio")
                .containsPattern("failures by class: \\d+ \\(.*(unreachable|connection_closed)");
    }

    @Test
    void ctrlCCancelsTheRunOnTheServiceAndEveryConnectionGoesBack() {
        // two held for a minute, two more waiting to start: Ctrl-C must end the holds and start no more
        CliProcess test = CliProcess.start(service(), "test", "--connection-mode", "hold", "--hold", "60s",
                "--burst", "2", "--test-count", "4");
        await("progress printed").atMost(Duration.ofSeconds(30)).until(() -> test.stdout().contains(" ops/s"));
        await("two connections held").atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/api/v1/hc/database").jsonPath().getInt("pool.active") >= 2);

        test.interrupt();
        CliProcess.Result result = test.awaitExit(Duration.ofSeconds(30));

        assertThat(result.exitCode()).as("a cancelled run is not ok: %s", result).isEqualTo(1);
        assertThat(result.stdout()).as("%s", result).contains("cancelling the run on the service")
                .contains(": cancelled (Ctrl-C)").contains("operations: ");
        JsonPath last = withKey().get(RUNS).then().statusCode(200).extract().jsonPath();
        assertThat(last.getString("[0].state")).as("the run on the service").isEqualTo("cancelled");
        await("no connection checked out").atMost(Duration.ofSeconds(5))
                .until(() -> given().get("/api/v1/hc/database").jsonPath().getInt("pool.active") == 0);
    }

    @Test
    void checkAsksReadinessAndQuietPrintsNothing() {
        CliProcess.Result ready = CliProcess.run(service(), COMMAND_TIMEOUT, "check");
        assertThat(ready.exitCode()).as("%s", ready).isZero();
        assertThat(ready.stdout().strip()).isEqualTo(service().get("POOLGUARD_URL") + " - ready");

        CliProcess.Result quiet = CliProcess.run(service(), COMMAND_TIMEOUT, "check", "-q");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.stdout() + quiet.stderr()).as("-q").isEmpty();
    }

    @Test
    void checkDirectValidatesTheDatabaseFromTheServicesSettingsWithoutTheService() {
        Map<String, String> env = database();
        env.put("POOLGUARD_URL", "http://127.0.0.1:" + freePort()); // nothing there: the service is not asked

        CliProcess.Result up = CliProcess.run(env, COMMAND_TIMEOUT, "check", "--direct");
        assertThat(up.exitCode()).as("%s", up).isZero();
        assertThat(up.stdout()).contains("- accepting connections (PostgreSQL ");

        postgres.stop();
        CliProcess.Result down = CliProcess.run(env, COMMAND_TIMEOUT, "check", "--direct", "--wait", "1500ms");
        assertThat(down.exitCode()).as("%s", down).isEqualTo(3);
        assertThat(down.stdout()).contains("- no response: unreachable");
        for (CliProcess.Result result : List.of(up, down)) {
            assertThat(result.stdout() + result.stderr()).as("no password")
                    .doesNotContain(PostgresTestResource.PASSWORD);
        }
    }

    @Test
    void poolResizeAndFlushChangeTheServicesPoolAndARefusalNamesTheFlagsAndExitsTwo() {
        try {
            CliProcess.Result resized = CliProcess.run(service(), COMMAND_TIMEOUT, "pool", "resize", "--max", "29");
            assertThat(resized.exitCode()).as("resize: %s", resized).isZero();
            assertThat(resized.stdout()).contains("max-size 30 -> 29", "now max 29");

            CliProcess.Result flushed = CliProcess.run(service(), COMMAND_TIMEOUT, "pool", "flush", "--mode",
                    "graceful");
            assertThat(flushed.exitCode()).as("flush: %s", flushed).isZero();
            assertThat(flushed.stdout()).contains("flush graceful: closed", "draining");

            CliProcess.Result refused = CliProcess.run(service(), COMMAND_TIMEOUT, "pool", "flush", "--mode",
                    "everything");
            assertThat(refused.exitCode()).as("a mode the service refuses: %s", refused).isEqualTo(2);
            assertThat(refused.stderr()).as("naming the flag typed, not test's").contains("--mode must be one of")
                    .doesNotContain("--connection-mode");

            // each refusal names the resize flag, not the service's field: --max, not maxSize
            CliProcess.Result zero = CliProcess.run(service(), COMMAND_TIMEOUT, "pool", "resize", "--max", "0");
            assertThat(zero.exitCode()).as("--max 0: %s", zero).isEqualTo(2);
            assertThat(zero.stderr()).contains("--max must be >= 1").doesNotContain("maxSize");
            int available = given().get("/api/v1/hc/database").then().extract()
                    .path("sizing.budget.serverAvailable");
            CliProcess.Result overBudget = CliProcess.run(service(), COMMAND_TIMEOUT, "pool", "resize", "--max",
                    String.valueOf(available));
            assertThat(overBudget.exitCode()).as("--max %d, over the budget: %s", available, overBudget)
                    .isEqualTo(2);
            assertThat(overBudget.stderr()).contains("--max over budget", "give --force")
                    .doesNotContain("\"force\"");
        } finally {
            CliProcess.Result restored = CliProcess.run(service(), COMMAND_TIMEOUT, "pool", "resize", "--max", "30");
            assertThat(restored.exitCode()).as("restore: %s", restored).isZero();
        }
    }

    @Test
    void statusShowsOneScreen() {
        CliProcess.Result result = CliProcess.run(service(), COMMAND_TIMEOUT, "status");

        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.stdout()).contains("health    UP").contains("database  UP").contains("pool      active ")
                .contains("server    PostgreSQL ").containsPattern("(?m)^alerts? +").contains("last run  ")
                .doesNotContain(ApiKeyTestResource.API_KEY).doesNotContain(PostgresTestResource.PASSWORD);
    }

    @Test
    void badFlagsAndValuesExitTwo() {
        for (String[] args : List.of(new String[] { "test", "--test-count", "0" },
                new String[] { "monitor", "--interval", "-1" },
                new String[] { "--mode", "test", "--connection-mode", "bogus" })) {
            CliProcess.Result result = CliProcess.run(service(), COMMAND_TIMEOUT, args);
            assertThat(result.exitCode()).as("%s: %s", String.join(" ", args), result).isEqualTo(2);
            assertThat(result.stderr().lines().count()).as("one line: %s", result).isEqualTo(1);
        }
        CliProcess.Result refused = CliProcess.run(service(), COMMAND_TIMEOUT, "test", "--burst", "1000");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(2);
        assertThat(refused.stderr()).as("the service's detail, naming the flag").contains("--burst must be <=");
    }

    @Test
    void anUnreachableServiceExitsThreeAndAWrongKeySaysHowToSetIt() {
        Map<String, String> nowhere = Map.of("POOLGUARD_URL", "http://127.0.0.1:" + freePort());
        for (String command : List.of("check", "status", "test")) {
            CliProcess.Result result = CliProcess.run(nowhere, COMMAND_TIMEOUT, command);
            assertThat(result.exitCode()).as("%s: %s", command, result).isEqualTo(3);
            assertThat(result.stdout() + result.stderr()).contains("no answer from");
        }
        CliProcess.Result monitor = CliProcess.run(nowhere, COMMAND_TIMEOUT, "monitor", "--count", "2",
                "--interval", "0.2");
        assertThat(monitor.exitCode()).as("the service never answered: %s", monitor).isEqualTo(3);
        assertThat(monitor.lines()).as("one line per missed sample").hasSize(2);

        Map<String, String> wrongKey = new HashMap<>(service());
        wrongKey.put("POOLGUARD_API_KEY", "wrong-key-5d1a");
        CliProcess.Result refused = CliProcess.run(wrongKey, COMMAND_TIMEOUT, "test", "--test-count", "1");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(3);
        assertThat(refused.stderr()).contains("refused the API key", "POOLGUARD_API_KEY")
                .doesNotContain("wrong-key-5d1a");
    }

    @Test
    void aCommandListensOnNoPortWhileTheServiceDoes() {
        Set<Integer> servicePorts = ProcessHandle.current().children()
                .flatMap(child -> CliProcess.listeningPorts(child.pid()).stream()).collect(Collectors.toSet());
        assertThat(servicePorts).as("the check sees the service's own port").contains(RestAssured.port);

        CliProcess monitor = CliProcess.start(service(), "monitor", "--interval", "0.5", "--count", "6");
        await("first sample").atMost(Duration.ofSeconds(30)).until(() -> monitor.stdout().contains(" pool "));
        Set<Integer> ports = CliProcess.listeningPorts(monitor.pid());
        boolean running = monitor.isAlive();
        CliProcess.Result result = monitor.awaitExit(COMMAND_TIMEOUT);

        assertThat(running).as("looked while the command ran").isTrue();
        assertThat(ports).as("ports the command listens on (8000 among them would be the service starting)")
                .isEmpty();
        assertThat(result.exitCode()).as("%s", result).isZero();
    }

    private Map<String, String> service() {
        Map<String, String> env = new HashMap<>();
        env.put("POOLGUARD_URL", "http://localhost:" + RestAssured.port);
        env.put("POOLGUARD_API_KEY", ApiKeyTestResource.API_KEY);
        return env;
    }

    private Map<String, String> database() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(PostgresTestResource.DATABASE));
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgresTestResource.USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", PostgresTestResource.PASSWORD);
        return env;
    }

    private static io.restassured.specification.RequestSpecification withKey() {
        return given().header("X-API-Key", ApiKeyTestResource.API_KEY);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
