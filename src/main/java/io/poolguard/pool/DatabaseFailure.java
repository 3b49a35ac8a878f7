package io.poolguard.pool;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why a database call failed, in the words an operator acts on. One classification serves health, monitor and
 * stability runs, so an outage reads the same everywhere. Classified by SQLSTATE first, then by cause. Serialised
 * as its label ({@code "timed_out"}), inside the database view and the server samples.
 */
@RegisterForReflection
public enum DatabaseFailure {
    /** The pool had no connection to give within its acquisition timeout (Agroal "acquisition timeout"). */
    POOL_EXHAUSTED("pool_exhausted"),
    /** Nothing accepted the connection: server down, wrong host or port, network refused (SQLSTATE 08001). */
    UNREACHABLE("unreachable"),
    /** An open connection was closed under us: server restart, terminated backend, broken network (08006, 57P01). */
    CONNECTION_CLOSED("connection_closed"),
    /** Wrong user or password, or no pg_hba entry (SQLSTATE 28xxx). */
    AUTHENTICATION_FAILED("authentication_failed"),
    /** The server is at max_connections (SQLSTATE 53300). */
    TOO_MANY_CONNECTIONS("too_many_connections"),
    /** A call outlasted its statement, socket or probe timeout (SQLSTATE 57014, socket timeouts). */
    TIMED_OUT("timed_out"),
    /** The server only accepts reads: a standby or a server in recovery (SQLSTATE 25006). */
    READ_ONLY("read_only"),
    /** Anything else. */
    OTHER("other");

    private final String label;

    DatabaseFailure(String label) {
        this.label = label;
    }

    /** The stable, lower-case name used in JSON, metric tags and log lines. */
    @JsonValue
    public String label() {
        return label;
    }

    public static DatabaseFailure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            DatabaseFailure byState = t instanceof SQLException sql ? bySqlState(sql) : null;
            if (byState != null) {
                return byState;
            }
            if (t instanceof SQLException sql && sql.getMessage() != null
                    && sql.getMessage().contains("acquisition timeout")) {
                return POOL_EXHAUSTED;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return UNREACHABLE;
            }
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException
                    || t instanceof TimeoutException) {
                return TIMED_OUT;
            }
        }
        return OTHER;
    }

    /**
     * Whether a failure means the connection it happened on is gone, so the pool must not lend it again and should
     * suspect its siblings: SQLSTATE class 08 (connection exception), 57P01 (terminated by an administrator),
     * 57P02 (crash shutdown), 57P03 (cannot connect now), or an I/O error anywhere in the chain (pgjdbc reports a
     * broken socket as 08006 with the {@code IOException} as cause).
     */
    public static boolean isConnectionLoss(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static DatabaseFailure bySqlState(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return null;
        }
        if (state.equals("53300")) {
            return TOO_MANY_CONNECTIONS;
        }
        if (state.startsWith("28")) {
            return AUTHENTICATION_FAILED;
        }
        if (state.equals("57014")) {
            return TIMED_OUT;
        }
        if (state.equals("25006")) {
            return READ_ONLY;
        }
        if (state.equals("0A000") && e.getMessage() != null && e.getMessage().contains("read-write mode during recovery")) {
            // START TRANSACTION READ WRITE on a standby: "cannot set transaction read-write mode during recovery"
            return READ_ONLY;
        }
        if (state.equals("08001") || state.equals("57P03")) {
            // 08001 wraps both "refused" and "timed out while connecting": the cause tells which
            return hasCause(e, SocketTimeoutException.class) ? TIMED_OUT : UNREACHABLE;
        }
        if (state.startsWith("08") || state.startsWith("57P")) {
            return hasCause(e, SocketTimeoutException.class) ? TIMED_OUT : CONNECTION_CLOSED;
        }
        return null;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
