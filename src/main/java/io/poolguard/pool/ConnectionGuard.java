package io.poolguard.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ExceptionSorter;
import io.poolguard.concurrent.DirectExecutor;
import io.quarkus.logging.Log;

/**
 * How the pool tells a dead connection from a live one, and what it does with the others when it finds one.
 * <p>
 * Agroal validates a connection idle longer than the foreground interval before lending it (500 ms by default,
 * HikariCP's figure: a connection idle that long is worth a round trip, one used more recently is not, so a busy
 * pool pays nothing per borrow). This class is the validator Agroal calls, and its exception sorter:
 * <ul>
 * <li>A lent connection that fails with a connection-class error ({@link DatabaseFailure#isConnectionLoss}) is
 * marked broken (Agroal destroys it when it comes back), and every connection not seen alive since becomes a
 * suspect: a sweep checks the idle ones at once on Agroal's housekeeping thread, before a borrower gets them.</li>
 * <li>A validation that fails quickly (a terminated backend, a restarted server) does the same.</li>
 * <li>A validation that goes unanswered means the network dropped the flow silently (a NAT, firewall or load
 * balancer idle timeout). Checking the other idle connections one after another would cost one timeout each (the
 * 26 s stall this class exists to prevent), so every connection not seen alive since that validation started is
 * dropped without a round trip, and the borrower gets a new connection.</li>
 * </ul>
 * The validation timeout bounds the whole wait of a borrower that meets a dead connection, its replacement included:
 * the round trip gets {@link #roundTripWithin} of it and the rest is left for opening the new connection. Agroal
 * opens connections one at a time on its housekeeping thread, and a borrower waits for the connection it asked for
 * itself, not for the first one opened: after a silent drop of the whole pool it would ask last, behind the refill to
 * min-size (CI, loaded 2-core machine: 1 s unanswered, then 1.7 s for ten connections). So the borrower whose
 * validation went unanswered sweeps the suspects out first and waits, for the rest of its timeout, for the sweep's
 * first replacement, which it then borrows.
 * "Seen alive" is the last time a connection was created, handed back by a borrower, or validated; it is kept per
 * physical connection, told by {@link PoolInterceptor}.
 */
@Singleton
public class ConnectionGuard {

    private static final ThreadLocal<Boolean> LOST_ON_THIS_THREAD = new ThreadLocal<>();

    private final PoolEvictions evictions;
    private final Provider<AgroalDataSource> pool;
    private final long roundTripMillis;
    private final long timeoutNanos;
    /** The part of the validation timeout left for a replacement connection after the round trip's part. */
    private final long replacementNanos;
    /** Per physical connection, updated in place: a return writes a field rather than replacing a map entry. */
    private final Map<Connection, SeenAlive> seenAlive = new ConcurrentHashMap<>();
    private volatile long silentSince = Long.MIN_VALUE;
    private volatile long lastSweepNanos = System.nanoTime() - Duration.ofHours(1).toNanos();
    /** Connections opened so far, and the thread that opens them (Agroal's housekeeping thread), under its monitor. */
    private final Object creations = new Object();
    private long created;
    private volatile Thread creator;

    // the pool through a provider: it is being built when it first calls back (and is read only after startup)
    ConnectionGuard(PoolEvictions evictions, PoolConfig config, Provider<AgroalDataSource> pool) {
        this.evictions = evictions;
        this.pool = pool;
        this.roundTripMillis = Math.max(1, roundTripWithin(config.validation().timeout()).toMillis());
        this.timeoutNanos = config.validation().timeout().toNanos();
        this.replacementNanos = timeoutNanos - TimeUnit.MILLISECONDS.toNanos(roundTripMillis);
    }

    /**
     * How long a validation round trip may take: half the timeout, and all of it but a second when that is more. The
     * rest is for the replacement connection, which Agroal may open behind its refill to min-size on its one
     * housekeeping thread (IdleDropTest, quiet 2-core machine: three quarters of 2 s left 1.6-1.8 s borrows, half
     * left 1.05 s).
     */
    static Duration roundTripWithin(Duration timeout) {
        Duration reserve = timeout.dividedBy(2);
        return timeout.minus(reserve.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : reserve);
    }

    /** The exception sorter for the pool: connection-class failures are fatal, and make the rest suspect. */
    ExceptionSorter exceptionSorter() {
        return this::isFatal;
    }

    /** The validator for the pool: a bounded round trip, or a drop without one for a suspect of a silent drop. */
    ConnectionValidator validator() {
        return this::isValid;
    }

    private boolean isFatal(SQLException failure) {
        if (!DatabaseFailure.isConnectionLoss(failure)) {
            return false;
        }
        // counted when the borrower hands the connection back (on this thread), so once per connection
        LOST_ON_THIS_THREAD.set(Boolean.TRUE);
        suspectTheRest();
        return true;
    }

    private boolean isValid(Connection connection) {
        Connection raw = raw(connection);
        SeenAlive seen = raw == null ? null : seenAlive.get(raw);
        if (seen != null && seen.nanos < silentSince) {
            evictions.evicted(EvictionReason.SUSPECT, 1, "a validation went unanswered (the network dropped an"
                    + " idle flow silently); connections idle since then are dropped unchecked");
            forget(raw);
            return false;
        }
        long start = System.nanoTime();
        if (check(raw == null ? connection : raw)) {
            seen(raw);
            return true;
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        forget(raw);
        if (tookMillis >= roundTripMillis * 9 / 10) {
            silentSince = start;
            evictions.evicted(EvictionReason.VALIDATION_FAILED, 1, "an idle connection did not answer its"
                    + " validation within " + roundTripMillis + " ms (a network idle timeout?); the others idle as long"
                    + " are dropped unchecked");
            long createdBefore = created();
            // this connection still counts in the pool while Agroal refills it behind the sweep, so a refill follows
            // only above a min-size of one
            if (suspectTheRest() && minSize() > 1 && !seenAliveSince(start) && Thread.currentThread() != creator) {
                awaitPooledAfter(createdBefore);
            }
        } else {
            evictions.evicted(EvictionReason.VALIDATION_FAILED, 1, "connections failed their validation"
                    + " (terminated backends or a server restart)");
            suspectTheRest();
        }
        return false;
    }

    /** The runtime min-size, which Agroal refills to after a sweep (an operator may have resized the pool). */
    private int minSize() {
        return pool.get().getConfiguration().connectionPoolConfiguration().minSize();
    }

    private long created() {
        synchronized (creations) {
            return created;
        }
    }

    /**
     * Waits until a connection opened after the {@code before}th is in the pool, or the deadline: the part of the
     * validation timeout the round trip left, counted from the end of the round trip rather than its start, so that a
     * pause of the whole process during the round trip (a long GC, a throttled container) does not cancel the wait and
     * send the borrower behind the whole refill (CI: a round trip that ended 2.3 s after it began, in a test JVM
     * doing 1-2 s full GCs, then 5.5 s for the borrow). Agroal tells the interceptor of a new connection just before
     * it adds it to the pool, so this waits for that, then until the pool has one available besides the connection
     * this borrower still holds (Agroal counts one in validation as available). Never on the thread that opens
     * connections: the sweep's own validations run there, and it would wait for itself.
     */
    private void awaitPooledAfter(long before) {
        long deadlineNanos = System.nanoTime() + replacementNanos;
        synchronized (creations) {
            long left;
            while (created == before) {
                if ((left = deadlineNanos - System.nanoTime()) <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(creations, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        try {
            // microseconds on the housekeeping thread, unless a busy machine deschedules it in between
            while (pool.get().getMetrics().availableCount() < 2 && System.nanoTime() < deadlineNanos) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round trip bounded by {@link #roundTripWithin}, in milliseconds (pgjdbc's own isValid takes seconds). */
    private boolean check(Connection connection) {
        try {
            if (connection.isClosed()) {
                return false;
            }
            int previous = connection.getNetworkTimeout();
            connection.setNetworkTimeout(DirectExecutor.INSTANCE, (int) Math.min(Integer.MAX_VALUE, roundTripMillis));
            try {
                return connection.isValid(0);
            } finally {
                if (!connection.isClosed()) {
                    connection.setNetworkTimeout(DirectExecutor.INSTANCE, previous);
                }
            }
        } catch (SQLException | RuntimeException e) {
            Log.debugf(DataSourceLog.PREFIX + "validation failed: %s", e.getMessage());
            return false;
        }
    }

    /**
     * Checks the idle connections now, at most once per validation timeout (a burst of failures is one event).
     *
     * @return whether this call started a sweep
     */
    private boolean suspectTheRest() {
        long now = System.nanoTime();
        if (now - lastSweepNanos < timeoutNanos) {
            return false;
        }
        lastSweepNanos = now;
        try {
            evictions.sweep();
            return true;
        } catch (RuntimeException e) {
            Log.debugf(DataSourceLog.PREFIX + "could not sweep the pool: %s", e.getMessage());
            return false;
        }
    }

    /** Whether any connection was seen alive since {@code nanos}: one the borrower can have without a new one. */
    private boolean seenAliveSince(long nanos) {
        for (SeenAlive seen : seenAlive.values()) {
            if (seen.nanos - nanos >= 0) {
                return true;
            }
        }
        return false;
    }

    void created(Connection connection) {
        seen(raw(connection));
        creator = Thread.currentThread();
        synchronized (creations) {
            created++;
            creations.notifyAll();
        }
    }

    void returned(Connection connection) {
        Connection raw = raw(connection);
        if (Boolean.TRUE.equals(LOST_ON_THIS_THREAD.get())) {
            LOST_ON_THIS_THREAD.remove();
            evictions.evicted(EvictionReason.CONNECTION_LOST, 1, "lent connections failed with a connection-class"
                    + " error; the idle ones were checked before being lent again");
            forget(raw);
            return;
        }
        seen(raw);
    }

    private void seen(Connection raw) {
        if (raw == null) {
            return;
        }
        SeenAlive seen = seenAlive.get(raw);
        if (seen == null) {
            seen = seenAlive.computeIfAbsent(raw, r -> new SeenAlive());
        }
        seen.nanos = System.nanoTime();
    }

    private static final class SeenAlive {
        volatile long nanos = System.nanoTime();
    }

    void destroyed(Connection connection) {
        forget(raw(connection));
    }

    private void forget(Connection raw) {
        if (raw != null) {
            seenAlive.remove(raw);
        }
    }

    /** The driver's connection behind Agroal's wrapper: the same object for the connection's whole life. */
    private static Connection raw(Connection connection) {
        try {
            return connection.unwrap(Connection.class);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }
}
