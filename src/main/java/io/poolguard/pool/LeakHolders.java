package io.poolguard.pool;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.pool.ConnectionHandler;
import io.agroal.pool.wrapper.ConnectionWrapper;

/**
 * Who holds each lent-out connection, so a leak names its holder: Agroal counts leaks and tells a listener the
 * thread, but Quarkus gives no way to add a listener, so the pool's interceptor ({@link PoolInterceptor}) tells
 * this class of each borrow, which notes the borrowing thread and time, and of each return, which forgets them.
 * With Agroal's extended leak report on, the stack that borrowed comes from Agroal's own record of it. Everything
 * reported is bounded: {@link #MAX_HOLDERS} holders, {@link #MAX_FRAMES} frames each, each
 * frame at most {@link #MAX_FRAME_LENGTH} characters.
 */
@Singleton
public class LeakHolders {

    public static final int MAX_HOLDERS = 10;
    public static final int MAX_FRAMES = 8;
    public static final int MAX_FRAME_LENGTH = 200;

    private final AgroalDataSource dataSource;
    /**
     * One entry per pooled connection for its whole life (removed when it is destroyed), holding the current
     * lending or null: a borrow and a return each write one field instead of adding and removing a map entry, which
     * a busy pool does tens of thousands of times a second.
     */
    private final Map<Object, Lendings> connections = new ConcurrentHashMap<>();

    LeakHolders(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Holding(Thread thread, long sinceNanos, ConnectionHandler handler) {
    }

    private static final class Lendings {
        volatile Holding current;
    }

    void acquired(Connection connection) {
        ConnectionHandler handler = handler(connection);
        Object key = key(connection, handler);
        Lendings lendings = connections.get(key);
        if (lendings == null) {
            lendings = connections.computeIfAbsent(key, k -> new Lendings());
        }
        lendings.current = new Holding(Thread.currentThread(), System.nanoTime(), handler);
    }

    void returned(Connection connection) {
        Lendings lendings = connections.get(key(connection, handler(connection)));
        if (lendings != null) {
            lendings.current = null;
        }
    }

    void destroyed(Connection connection) {
        connections.remove(key(connection, handler(connection)));
    }

    /** The connections held past the leak-detection interval now, longest first. Memory only, never blocks. */
    public LeakReport report() {
        AgroalConnectionPoolConfiguration pool = dataSource.getConfiguration().connectionPoolConfiguration();
        Duration interval = pool.leakTimeout();
        boolean extended = pool.enhancedLeakReport();
        if (interval.isZero()) {
            return new LeakReport(0, null, extended, List.of());
        }
        long now = System.nanoTime();
        Instant wallNow = Instant.now();
        List<Holding> leaks = connections.values().stream()
                .map(lendings -> lendings.current)
                .filter(h -> h != null && now - h.sinceNanos() > interval.toNanos())
                .sorted(Comparator.comparingLong(Holding::sinceNanos))
                .toList();
        List<LeakHolder> holders = new ArrayList<>();
        for (Holding h : leaks.subList(0, Math.min(MAX_HOLDERS, leaks.size()))) {
            StackTraceElement[] acquired = h.handler() == null ? null : h.handler().getAcquisitionStackTrace();
            Duration held = Duration.ofNanos(now - h.sinceNanos());
            holders.add(new LeakHolder(wallNow.minus(held).truncatedTo(ChronoUnit.MILLIS), held,
                    h.thread().getName(), h.thread().getState().name(), frames(h.thread().getStackTrace()),
                    acquired == null ? null : frames(acquired)));
        }
        return new LeakReport(leaks.size(), interval, extended, holders);
    }

    /**
     * The top frames, leaving out the pool's own, the stack capture itself, and the native image's runtime (its
     * thread parking shows four SubstrateVM frames above {@code Unsafe.park} where a JVM shows none, and would
     * push the application's frames out of the list).
     */
    static List<String> frames(StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (frames.size() == MAX_FRAMES) {
                break;
            }
            String className = frame.getClassName();
            if (className.startsWith("io.agroal.") || className.startsWith("io.quarkus.agroal.")
                    || className.startsWith("com.oracle.svm.") || className.startsWith("org.graalvm.")
                    || className.equals(PoolAccess.class.getName())
                    || className.equals(Thread.class.getName()) && frame.getMethodName().equals("getStackTrace")) {
                continue;
            }
            String text = frame.toString();
            frames.add(text.length() <= MAX_FRAME_LENGTH ? text : text.substring(0, MAX_FRAME_LENGTH - 3) + "...");
        }
        return frames;
    }

    private static ConnectionHandler handler(Connection connection) {
        return connection instanceof ConnectionWrapper wrapper ? wrapper.getHandler() : null;
    }

    /** Agroal hands interceptors a fresh wrapper each time: the handler behind it is the connection's identity. */
    private static Object key(Connection connection, ConnectionHandler handler) {
        return handler != null ? handler : connection;
    }
}
