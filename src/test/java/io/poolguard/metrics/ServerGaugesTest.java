package io.poolguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.poolguard.devdb.LocalPostgresServer;
import io.poolguard.pool.PoolAccess;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerView;
import io.poolguard.server.ServerViewSource;
import io.poolguard.testing.InjectPostgres;
import io.quarkus.test.junit.QuarkusTest;

/** Server-side gauges against a real server view, and through an outage. Needs beans, so it has no IT twin. */
@QuarkusTest
class ServerGaugesTest {

    /** Where the CI's promtool check ({@code .ci/check-metrics.sh}) finds a real scrape. */
    static final Path SCRAPE_FILE = Path.of("target", "metrics-scrape.prom");

    @Inject
    ServerViewSource serverView;

    @Inject
    PoolAccess pool;

    @Inject
    AgroalDataSource dataSource;

    @InjectPostgres
    LocalPostgresServer postgres;

    @Test
    void serverGaugesShowTheLatestServerView() throws Exception {
        ServerSample sample = serverView.refresh().join();
        assertThat(sample.isUp()).as("server view read: %s", sample.reason()).isTrue();
        ServerView view = sample.view();

        Scrape scrape = Scrape.fetch();

        assertThat(scrape.value("poolguard_server_max_connections")).as("max_connections of the test server")
                .hasValue(view.maxConnections());
        assertThat(scrape.value("poolguard_server_reserved_connections"))
                .hasValue(view.superuserReservedConnections());
        assertThat(scrape.value("poolguard_server_connections")).as("every client backend")
                .hasValue(view.totalConnections());
        assertThat(scrape.value("poolguard_server_our_sessions", Map.of("state", "idle")))
                .hasValue(view.ours().idle());
        assertThat(scrape.value("poolguard_server_our_sessions", Map.of("state", "active")))
                .as("our active sessions as the view saw them").hasValue(view.ours().active());
        assertThat(view.ours().active()).as("the session that ran the view query was active")
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("poolguard_server_oldest_transaction_seconds").orElseThrow())
                .as("seconds, 0 when no transaction is open").isNotNaN().isGreaterThanOrEqualTo(0.0);
        assertThat(scrape.value("poolguard_server_view_age_seconds").orElseThrow())
                .as("the view was taken just now").isBetween(0.0, (double) sample.age().plusSeconds(5).toSeconds());
    }

    @Test
    void oneRealScrapeIsWrittenForPromtool() throws Exception {
        serverView.refresh().join();
        try (Connection c = pool.borrow()) {
            assertThat(c.isValid(2)).as("a borrow so the acquire histogram has a sample").isTrue();
        }

        Scrape scrape = Scrape.fetch();

        MetricsEndpointTest.POOLGUARD_FAMILIES.forEach((family, type) -> assertThat(scrape.type(family))
                .as("# TYPE of %s in the scrape written for promtool", family).contains(type));
        assertThat(scrape.value("poolguard_pool_acquire_seconds_count").orElseThrow())
                .as("borrows recorded in the acquire histogram").isGreaterThanOrEqualTo(1.0);
        assertThat(scrape.series()).filteredOn(s -> s.name().startsWith("poolguard_server_"))
                .as("after a server view no server gauge is NaN").noneMatch(s -> Double.isNaN(s.value()));
        MetricsEndpointTest.POOLGUARD_FAMILIES.keySet().forEach(family -> assertThat(scrape.text())
                .as("# HELP of %s carries the meter's description", family)
                .containsPattern("(?m)^# HELP " + family + " \\S"));

        Files.createDirectories(SCRAPE_FILE.getParent());
        Files.writeString(SCRAPE_FILE, scrape.text(), StandardCharsets.UTF_8);
        assertThat(Scrape.parse(Files.readString(SCRAPE_FILE)).types()).as("the file holds the whole scrape")
                .isEqualTo(scrape.types());
    }

    @Test
    void gaugesKeepTheLastKnownViewWhileTheDatabaseIsDown() throws IOException {
        ServerSample before = serverView.refresh().join();
        assertThat(before.isUp()).as("server view read: %s", before.reason()).isTrue();

        postgres.stop();
        try {
            ServerSample during = serverView.refresh().join();
            assertThat(during.isUp()).as("the database is down, the refresh fails").isFalse();

            Scrape scrape = Scrape.fetch();

            assertThat(scrape.value("poolguard_server_max_connections"))
                    .as("the last known value, not an error or a gap").hasValue(before.view().maxConnections());
            assertThat(scrape.value("poolguard_server_our_sessions", Map.of("state", "idle")))
                    .hasValue(before.view().ours().idle());
            assertThat(scrape.value("poolguard_server_view_age_seconds").orElseThrow())
                    .as("the age counts from the last successful view, not the failed attempt")
                    .isGreaterThanOrEqualTo(secondsBetween(before.view(), during));
            assertThat(scrape.value("poolguard_pool_max_size")).as("pool gauges are unaffected").hasValue(30);
        } finally {
            postgres.startServer();
            await().atMost(Duration.ofSeconds(30)).until(this::everyPooledConnectionAnswers);
        }
    }

    /**
     * The pool's idle connections died with the server. Borrows all of them at once and runs a query on each, so
     * Agroal discards those that fail; true when none failed (later tests then get live connections).
     */
    private boolean everyPooledConnectionAnswers() {
        List<Connection> held = new ArrayList<>();
        boolean allAnswered = true;
        try {
            int max = pool.snapshot().maxSize();
            while (pool.snapshot().idle() > 0 && held.size() < max) {
                Connection connection = dataSource.getConnection();
                held.add(connection);
                try (Statement s = connection.createStatement()) {
                    s.execute("SELECT 1");
                } catch (SQLException dead) {
                    allAnswered = false;
                }
            }
        } catch (SQLException e) {
            allAnswered = false;
        } finally {
            for (Connection connection : held) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // a dead connection; Agroal has already discarded it
                }
            }
        }
        return allAnswered;
    }

    private static double secondsBetween(ServerView view, ServerSample later) {
        return Duration.between(view.takenAt(), later.sampledAt()).toNanos() / 1e9;
    }
}
