package io.poolguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServerViewSourceTest {

    @Inject
    ServerViewSource serverView;

    @Test
    void refreshReadsTheServerSideOfOurConnections() {
        ServerSample sample = serverView.refresh().join();

        assertThat(sample.isUp()).as("server view read: %s", sample.reason()).isTrue();
        ServerView view = sample.view();
        assertThat(view.serverVersion()).as("the embedded server is PostgreSQL 17").startsWith("17.");
        assertThat(view.maxConnections()).isEqualTo(100);
        assertThat(view.availableConnections()).isEqualTo(100 - view.superuserReservedConnections());
        assertThat(view.ours().total()).as("the pool's sessions are found by application name")
                .isGreaterThanOrEqualTo(1);
        assertThat(view.ours().active()).as("the session running the query is active").isGreaterThanOrEqualTo(1);
        assertThat(view.totalConnections()).isGreaterThanOrEqualTo(view.ours().total());
        assertThat(view.inRecovery()).isFalse();
    }

    @Test
    void aFreshEnoughSampleIsServedWithoutAQuery() {
        ServerSample first = serverView.refresh().join();
        ServerSample second = serverView.latestOrRefresh(Duration.ofMinutes(1));
        assertThat(second).as("the cached sample, not a new one").isSameAs(first);
        assertThat(serverView.latestOrRefresh(Duration.ZERO)).as("too old: queried again").isNotSameAs(first);
    }

    @Test
    void theLatestSampleAndTheLastGoodViewAreKept() {
        ServerSample sample = serverView.refresh().join();
        assertThat(serverView.latest()).as("the latest attempt").isSameAs(sample);
        assertThat(serverView.lastView()).as("the last good view").contains(sample.view());
    }
}
