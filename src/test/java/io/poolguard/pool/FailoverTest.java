package io.poolguard.pool;

import static io.poolguard.stability.StabilityApi.awaitFinished;
import static io.poolguard.stability.StabilityApi.cancel;
import static io.poolguard.stability.StabilityApi.run;
import static io.poolguard.stability.StabilityApi.startAccepted;
import static io.poolguard.testing.DatabaseViewApi.databaseView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.poolguard.control.PoolApi;
import io.poolguard.devdb.HotStandby;
import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.stability.StabilityApi;
import io.poolguard.testing.FailoverProfile;
import io.poolguard.testing.FaultHarness;
import io.poolguard.testing.PostgresTestResource;
import io.poolguard.testing.ReadinessWatch;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Scenario 4: a primary and a real hot standby, {@code jdbc:postgresql://primary,standby/db?targetServerType=primary}.
 * One test in phases, because a failover cannot be undone between tests: the primary stops and the standby is
 * promoted (the pool follows within 5 s); then the new primary turns read-only (PoolGuard flushes its connections
 * within one readiness TTL).
 */
@QuarkusTest
@TestProfile(FailoverProfile.class)
class FailoverTest {

    static final Duration TTL = Duration.ofSeconds(2);
    /** poolguard.health.budget's default. */
    static final Duration BUDGET = Duration.ofSeconds(1);

    FaultHarness harness;

    @Test
    void thePoolFollowsAPromotionAndLeavesAServerThatTurnsReadOnly() throws Exception {
        ReadinessWatch.awaitReady(Duration.ofSeconds(30));
        LocalPostgresServer standby = harness.standby();
        assertThat(HotStandby.inRecovery(standby)).as("the standby is in recovery").isTrue();
        assertWriteCheckRefusedInRecovery(standby);

        // a write-mode run spends no transaction id
        long xmaxBefore = nextXid(harness.primary());
        JsonPath writes = awaitFinished(startAccepted("{\"count\": 200, \"interval\": 0, \"mode\": \"write\"}"),
                Duration.ofSeconds(60));
        assertThat(writes.getLong("successes")).as("write checks on the primary: %s", writes.prettify())
                .isEqualTo(200);
        assertThat(nextXid(harness.primary())).as("no transaction id spent by 200 write checks")
                .isEqualTo(xmaxBefore);

        // phase 1: failover
        HotStandby.awaitCaughtUp(harness.primary(), standby, Duration.ofSeconds(30));
        String id = startAccepted("{\"count\": 10000000, \"interval\": 0.02, \"burst\": 2, \"mode\": \"write\"}");
        await("the run writes").atMost(Duration.ofSeconds(20)).until(() -> run(id).getLong("successes") >= 20);
        List<ReadinessWatch.Answer> readiness;
        long promotedAt;
        try (ReadinessWatch watch = ReadinessWatch.every(Duration.ofMillis(100))) {
            harness.primary().stop();
            ReadinessWatch.awaitDown(Duration.ofSeconds(10), "unreachable", "read_only", "connection_closed",
                    "timed_out");
            long successesBefore = run(id).getLong("successes");
            HotStandby.promote(standby);
            promotedAt = System.nanoTime();
            await("the pool writes to the new primary within 5 s of the promotion").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> run(id).getLong("successes") > successesBefore + 5);
            long writingAgain = System.nanoTime();
            ReadinessWatch.awaitReady(Duration.ofSeconds(5));
            // a figure for docs/connection-failures.md, not an assertion beyond the 5 s above
            System.out.printf("failover: writes again %d ms after the promotion, readiness UP after %d ms%n",
                    (writingAgain - promotedAt) / 1_000_000, (System.nanoTime() - promotedAt) / 1_000_000);
            readiness = watch.readiness();
        }
        cancel(id).then().statusCode(200);
        JsonPath result = awaitFinished(id, Duration.ofSeconds(10));
        Map<String, Long> failures = result.getMap("failures", String.class, Long.class);
        assertThat(failures.entrySet()).as("failures are classed as the failover: %s", failures)
                .allMatch(e -> e.getValue() == 0
                        || Set.of("unreachable", "connection_closed", "read_only").contains(e.getKey()));
        assertThat(result.getBoolean("verdict.stable")).as("the verdict sees the failover").isFalse();
        assertThat(readiness).as("readiness was DOWN between stop and promotion")
                .anyMatch(a -> a.status() == 503 && a.atNanos() < promotedAt);

        // phase 2: the new primary turns read-only under the pool
        awaitOurSessions(standby, n -> n > 0, "the pool holds connections to the new primary");
        long readOnlyBefore = readOnlyEvictions();
        try (ReadinessWatch watch = ReadinessWatch.every(Duration.ofMillis(100))) {
            FaultHarness.execute(standby, "ALTER SYSTEM SET default_transaction_read_only = on");
            FaultHarness.execute(standby, "SELECT pg_reload_conf()");
            // a result is served until TTL + the answer budget (0.8 s) old while its refresh runs, and the refresh's
            // own round trip on a busy machine comes on top: the product's bound is about 2.8 s, so wait 4 s
            ReadinessWatch.awaitDown(TTL.plus(BUDGET).plusSeconds(1), "read_only");
            await("no pooled connection to the read-only server within one readiness TTL")
                    .atMost(TTL.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ourSessions(standby) == 0);
        } finally {
            FaultHarness.execute(standby, "ALTER SYSTEM RESET default_transaction_read_only");
            FaultHarness.execute(standby, "SELECT pg_reload_conf()");
        }
        assertThat(readOnlyEvictions() - readOnlyBefore)
                .as("the flush was counted").isPositive();
        JsonPath automatic = PoolApi.actions().setRootPath("actions[0]");
        assertThat(automatic.getString("caller")).as("PoolGuard's own flush is audited: %s", automatic.prettify())
                .isEqualTo("poolguard");
        assertThat(automatic.getString("action")).isEqualTo("flush");
        assertThat(automatic.getString("mode")).isEqualTo("graceful");
        assertThat(automatic.getString("outcome")).startsWith("the server turned read-only");
        ReadinessWatch.awaitReady(Duration.ofSeconds(10));
        StabilityApi.cancelActiveRuns();
    }

    /** What PostgreSQL says to {@code START TRANSACTION READ WRITE} in recovery, and how PoolGuard classes it. */
    private static void assertWriteCheckRefusedInRecovery(LocalPostgresServer standby) throws SQLException {
        try (Connection c = FaultHarness.superuser(standby); Statement s = c.createStatement()) {
            SQLException refused = catchThrowableOfType(SQLException.class,
                    () -> s.execute("START TRANSACTION READ WRITE; COMMIT"));
            assertThat((Throwable) refused).as("a standby refuses a read-write transaction").isNotNull();
            assertThat(DatabaseFailure.classify(refused)).as("classed from %s %s", refused.getSQLState(),
                    refused.getMessage()).isEqualTo(DatabaseFailure.READ_ONLY);
        }
    }

    private static long nextXid(LocalPostgresServer server) throws SQLException {
        try (Connection c = FaultHarness.superuser(server); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }

    /** From the database view, so the same test runs against the packaged application ({@link FailoverIT}). */
    private static long readOnlyEvictions() {
        return databaseView().getLong("evictions.byReason.read_only");
    }

    private static int ourSessions(LocalPostgresServer server) throws SQLException {
        try (Connection c = FaultHarness.superuser(server); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                        + KilledBackendsTest.APPLICATION_NAME + "' AND datname = '" + PostgresTestResource.DATABASE
                        + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitOurSessions(LocalPostgresServer server, java.util.function.IntPredicate condition,
            String what) {
        await(what).atMost(Duration.ofSeconds(10)).until(() -> condition.test(ourSessions(server)));
    }
}
