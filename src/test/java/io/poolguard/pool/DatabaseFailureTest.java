package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class DatabaseFailureTest {

    @Test
    void sqlStatesMapToTheClassesOperatorsActOn() {
        assertThat(DatabaseFailure.classify(new SQLException("too many", "53300")))
                .isEqualTo(DatabaseFailure.TOO_MANY_CONNECTIONS);
        assertThat(DatabaseFailure.classify(new SQLException("password authentication failed", "28P01")))
                .isEqualTo(DatabaseFailure.AUTHENTICATION_FAILED);
        assertThat(DatabaseFailure.classify(new SQLException("canceling statement", "57014")))
                .isEqualTo(DatabaseFailure.TIMED_OUT);
        assertThat(DatabaseFailure.classify(new SQLException("read-only transaction", "25006")))
                .isEqualTo(DatabaseFailure.READ_ONLY);
        assertThat(DatabaseFailure.classify(new SQLException("terminating connection", "57P01")))
                .isEqualTo(DatabaseFailure.CONNECTION_CLOSED);
        assertThat(DatabaseFailure.classify(new SQLException("I/O error", "08006")))
                .isEqualTo(DatabaseFailure.CONNECTION_CLOSED);
    }

    @Test
    void connectFailuresAreToldApartByTheirCause() {
        assertThat(DatabaseFailure.classify(new SQLException("refused", "08001", new ConnectException())))
                .isEqualTo(DatabaseFailure.UNREACHABLE);
        assertThat(DatabaseFailure.classify(new SQLException("timed out", "08001", new SocketTimeoutException())))
                .isEqualTo(DatabaseFailure.TIMED_OUT);
        assertThat(DatabaseFailure.classify(new SQLException("read timed out", "08006", new SocketTimeoutException())))
                .isEqualTo(DatabaseFailure.TIMED_OUT);
    }

    @Test
    void agroalsAcquisitionTimeoutIsPoolExhaustion() {
        assertThat(DatabaseFailure.classify(new SQLException("Sorry, acquisition timeout!")))
                .isEqualTo(DatabaseFailure.POOL_EXHAUSTED);
        assertThat(DatabaseFailure.classify(new RuntimeException(new IllegalStateException("?"))))
                .isEqualTo(DatabaseFailure.OTHER);
    }
}
