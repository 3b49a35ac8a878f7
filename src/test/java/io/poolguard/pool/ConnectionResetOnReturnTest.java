package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConnectionResetOnReturnTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void connectionReturnedMidTransactionIsCommittedAndNotLeakedToTheNextBorrower() throws Exception {
        int backendPid;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS reset_probe (id int)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO reset_probe VALUES (1)");
            backendPid = backendPid(s);
            assertThat(transactionId(s)).as("the borrower opened a transaction").isNotNull();
            // handed back without commit or rollback
        }

        // Agroal hands the same thread the same connection first; check it is that backend, and that it is clean.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThat(backendPid(s)).as("the next borrower got the same physical connection").isEqualTo(backendPid);
            assertThat(c.getAutoCommit()).as("auto-commit restored on return").isTrue();
            assertThat(transactionId(s)).as("no transaction carried over to the next borrower").isNull();
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backendPid
                    + " AND state LIKE 'idle in transaction%'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the backend is not left idle in transaction").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM reset_probe")) {
                rs.next();
                // Agroal restores auto-commit on return, which commits: the origin's pool_reset_on_return='commit'
                assertThat(rs.getLong(1)).as("the returned transaction was committed, not left open").isEqualTo(1);
            }
            s.execute("DROP TABLE reset_probe");
        }
    }

    private static int backendPid(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Long transactionId(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT txid_current_if_assigned()")) {
            rs.next();
            long id = rs.getLong(1);
            return rs.wasNull() ? null : id;
        }
    }
}
