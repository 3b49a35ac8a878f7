package io.poolguard.pool;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.poolguard.concurrent.DaemonThreadFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.quarkus.logging.Log;

/**
 * Keeps borrowers from queueing on a database that is known to be down. Agroal opens connections one at a time on
 * its housekeeping thread and retries a failed one once: against a server that drops SYNs, ten borrowers queue
 * behind each other's connect timeouts until the 30 s acquisition timeout. While this gate is closed (a borrow's
 * connection attempt or a readiness validation found the database unreachable or unanswering), a borrow does not
 * enter the pool: it waits for one shared connection attempt of its own (single flight, bounded by the driver's
 * connect timeout) and fails with its outcome, or goes on to the pool once the database answers again.
 */
@Singleton
public class DatabaseGate {

    /**
     * Attempts start at least this far apart: borrowers wait for the next one rather than fail at once on the last
     * one's outcome, so a tight loop of borrowers neither hammers a refusing server nor spins.
     */
    private static final long ATTEMPT_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Provider<DirectConnector> connector;
    private final Duration connectTimeout;
    private final ExecutorService attempts = Executors.newSingleThreadExecutor(
            new DaemonThreadFactory("poolguard-gate"));
    private final Object lock = new Object();
    private volatile Down down;
    private CompletableFuture<SQLException> attempt;
    private long attemptDoneNanos;

    // the connector through a provider: it needs PoolAccess, which needs this gate
    DatabaseGate(Provider<DirectConnector> connector, PoolConfig config, MeterRegistry registry) {
        this.connector = connector;
        this.connectTimeout = Duration.ofSeconds(Math.max(1, config.driver().connectTimeoutSeconds()));
        Gauge.builder(MetricNames.POOL_DATABASE_DOWN, this, g -> g.down == null ? 0 : 1)
                .description("1 while the database is known unreachable and borrows fail fast instead of queueing")
                .register(registry);
    }

    /** Why the gate is closed, or null while it is open. */
    public record Down(DatabaseFailure failure, String reason, Instant since) {
    }

    public Down down() {
        return down;
    }

    /**
     * What a connection attempt or a validation found: {@code null} for a usable database (opens the gate), or its
     * failure class; only {@code unreachable} and {@code timed_out} close it.
     */
    public void observed(DatabaseFailure failure, String reason) {
        if (failure == null) {
            if (down != null) {
                down = null;
                Log.infof(DataSourceLog.PREFIX + "database reachable again, borrows go to the pool");
            }
        } else if ((failure == DatabaseFailure.UNREACHABLE || failure == DatabaseFailure.TIMED_OUT) && down == null) {
            down = new Down(failure, reason, Instant.now());
            Log.warnf(DataSourceLog.PREFIX + "database %s, borrows fail fast until it answers again: %s",
                    failure.label(), reason);
        }
    }

    /** Returns at once while the gate is open; otherwise waits for one shared attempt and throws if it failed. */
    void beforeBorrow() throws SQLException {
        Down closed = down;
        if (closed == null) {
            return;
        }
        SQLException failed;
        try {
            failed = currentAttempt().get(connectTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            failed = failure(DatabaseFailure.TIMED_OUT, "no answer within the connect timeout of "
                    + connectTimeout.toSeconds() + " s", closed);
        } catch (ExecutionException e) {
            failed = failure(closed.failure(), String.valueOf(e.getCause()), closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while acquiring");
        }
        if (failed != null) {
            throw failed;
        }
        observed(null, null);
    }

    private CompletableFuture<SQLException> currentAttempt() {
        synchronized (lock) {
            if (attempt == null || attempt.isDone()) {
                long wait = attempt == null ? 0 : ATTEMPT_SPACING_NANOS - (System.nanoTime() - attemptDoneNanos);
                attempt = CompletableFuture.supplyAsync(() -> {
                    pause(wait);
                    return tryConnect();
                }, attempts);
                attempt.whenComplete((r, e) -> {
                    synchronized (lock) {
                        attemptDoneNanos = System.nanoTime();
                    }
                });
            }
            return attempt;
        }
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One direct connection with the pool's settings (its own name), closed at once; null when it worked. */
    private SQLException tryConnect() {
        Down closed = down;
        long start = System.nanoTime();
        DirectConnector direct = connector.get();
        try (Connection connection = direct.open(direct.poolApplicationName() + "-gate", connectTimeout)) {
            return null;
        } catch (SQLException e) {
            DatabaseFailure failure = DatabaseFailure.classify(e);
            // the driver's login timeout reports "connection attempt timed out" as 08001, which reads as unreachable
            if (failure == DatabaseFailure.UNREACHABLE && System.nanoTime() - start >= connectTimeout.toNanos()) {
                failure = DatabaseFailure.TIMED_OUT;
            }
            return failure(failure == DatabaseFailure.OTHER && closed != null ? closed.failure() : failure,
                    e.getMessage(), closed);
        }
    }

    private static SQLException failure(DatabaseFailure failure, String reason, Down closed) {
        String since = closed == null ? "" : " since " + closed.since();
        Exception cause = failure == DatabaseFailure.TIMED_OUT ? new SocketTimeoutException(reason)
                : new ConnectException(reason);
        String state = failure == DatabaseFailure.UNREACHABLE || failure == DatabaseFailure.TIMED_OUT ? "08001"
                : null;
        return new SQLException("database " + failure.label() + since + ": " + reason, state, cause);
    }

    @PreDestroy
    void shutdown() {
        attempts.shutdownNow();
    }
}
