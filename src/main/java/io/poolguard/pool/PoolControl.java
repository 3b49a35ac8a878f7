package io.poolguard.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalDataSourceMetrics;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The one way to change the pool while it runs: Agroal's flush modes, and the limits Agroal can change at run time.
 * Every change is audited the same way, whoever asks (an operator over HTTP or PoolGuard itself): one INFO line, a
 * bounded list, a counter by action; the connections a flush takes out count as evictions ({@link PoolEvictions}).
 * Nothing is persisted: a restart returns to the configuration. An operator's changes are serialised, so two callers
 * never interleave a validation and an apply. Created at startup, so its counters read 0 rather than absent before
 * the first action.
 * <p>
 * Not audited: the validation sweeps {@link ConnectionGuard} asks for after a failure (Agroal's {@code invalid}
 * flush). They change nothing by themselves; each connection they find dead is an eviction, counted and logged.
 */
@Startup
@Singleton
public class PoolControl {

    /** Actions kept for {@code GET /api/v1/hc/database/pool/actions}, newest first. */
    public static final int ACTIONS_KEPT = 50;
    /** The caller named in the audit for PoolGuard's own actions. */
    public static final String POOLGUARD = "poolguard";
    /** Longest a flush waits for Agroal's housekeeping thread to finish what the flush started. */
    public static final Duration FLUSH_WAIT = Duration.ofSeconds(3);
    // the pool counts as settled once nothing changed for this long (Agroal gives no completion signal)
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
    private static final long POLL_MILLIS = 20;

    /** Agroal's flush modes, by the names the API uses. */
    public enum FlushMode {
        ALL(AgroalDataSource.FlushMode.ALL),
        GRACEFUL(AgroalDataSource.FlushMode.GRACEFUL),
        IDLE(AgroalDataSource.FlushMode.IDLE),
        INVALID(AgroalDataSource.FlushMode.INVALID),
        LEAK(AgroalDataSource.FlushMode.LEAK),
        FILL(AgroalDataSource.FlushMode.FILL);

        private final AgroalDataSource.FlushMode agroal;

        FlushMode(AgroalDataSource.FlushMode agroal) {
            this.agroal = agroal;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<FlushMode> of(String label) {
            for (FlushMode mode : values()) {
                if (mode.label().equals(label)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    private final AgroalDataSource dataSource;
    private final PoolEvictions evictions;
    private final PoolLimits configured;
    // the audit has its own lock: PoolGuard's own flush never waits behind an operator's, which holds the monitor
    // for up to FLUSH_WAIT
    private final Deque<PoolAction> actions = new ArrayDeque<>();
    private final Map<FlushMode, Counter> flushes = new EnumMap<>(FlushMode.class);
    private final Counter resizes;
    private long sequence; // guarded by actions

    PoolControl(AgroalDataSource dataSource, PoolEvictions evictions, PoolConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.evictions = evictions;
        this.configured = new PoolLimits(config.maxSize(), config.minSize(), config.acquisitionTimeout());
        for (FlushMode mode : FlushMode.values()) {
            flushes.put(mode, actionCounter(registry, "flush_" + mode.label()));
        }
        this.resizes = actionCounter(registry, "resize");
    }

    private static Counter actionCounter(MeterRegistry registry, String action) {
        return Counter.builder(MetricNames.POOL_ACTIONS)
                .description("Runtime changes to the pool by action: flush_<mode> or resize")
                .tag("action", action)
                .register(registry);
    }

    /** The limits as configured (what a restart returns to). */
    public PoolLimits configured() {
        return configured;
    }

    /** The limits the pool runs with now. */
    public PoolLimits effective() {
        AgroalConnectionPoolConfiguration pool = poolConfiguration();
        return new PoolLimits(pool.maxSize(), pool.minSize(), pool.acquisitionTimeout());
    }

    /** Every limit whose effective value differs from the configured one; empty when none does. */
    public List<PoolOverride> overrides() {
        PoolLimits effective = effective();
        List<PoolOverride> overrides = new ArrayList<>();
        if (effective.maxSize() != configured.maxSize()) {
            overrides.add(new PoolOverride("maxSize", configured.maxSize(), effective.maxSize()));
        }
        if (effective.minSize() != configured.minSize()) {
            overrides.add(new PoolOverride("minSize", configured.minSize(), effective.minSize()));
        }
        if (!effective.acquisitionTimeout().equals(configured.acquisitionTimeout())) {
            overrides.add(new PoolOverride("acquisitionTimeout", configured.acquisitionTimeout(),
                    effective.acquisitionTimeout()));
        }
        return overrides;
    }

    /** The audited actions, newest first, at most {@link #ACTIONS_KEPT}. */
    public List<PoolAction> actions() {
        synchronized (actions) {
            return List.copyOf(actions);
        }
    }

    /**
     * Flushes the pool in Agroal's mode and waits (at most {@link #FLUSH_WAIT}) until the pool has stopped changing,
     * so the answer tells what was done. Blocking: never on the event loop.
     */
    public synchronized FlushResult flush(FlushMode mode, String caller) {
        long start = System.nanoTime();
        PoolAction.State before = state();
        Figures first = figures();
        dataSource.flush(mode.agroal);
        Figures last = first;
        long lastChange = start;
        boolean settled = false;
        long deadline = start + FLUSH_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!pause()) {
                break;
            }
            Figures now = figures();
            long at = System.nanoTime();
            if (!now.equals(last)) {
                last = now;
                lastChange = at;
            } else if (at - lastChange >= QUIET_NANOS && refilled(mode, now)) {
                settled = true;
                break;
            }
        }
        PoolAction.State after = state();
        long closed = last.flushed() - first.flushed();
        long opened = last.created() - first.created();
        long draining = mode == FlushMode.GRACEFUL ? Math.max(0, before.total() - closed) : 0;
        FlushResult result = new FlushResult(mode.label(), closed, opened, draining, settled, before, after,
                Duration.ofNanos(System.nanoTime() - start));
        String outcome = "closed " + closed + ", opened " + opened
                + (mode == FlushMode.GRACEFUL ? ", " + draining + " draining (closed as they come back)" : "")
                + (settled ? "" : "; still changing after " + FLUSH_WAIT);
        audit("flush", mode, caller, before, after, outcome);
        flushes.get(mode).increment();
        evictions.evicted(EvictionReason.REQUESTED, (int) requested(mode, closed, draining),
                "an operator's " + mode.label() + " flush (" + caller + ")");
        return result;
    }

    /**
     * The connections an operator's flush takes out: every one it closed or will close as it comes back. Not those an
     * {@code invalid} flush closes: the validator counts each as {@code validation_failed}.
     */
    private static long requested(FlushMode mode, long closed, long draining) {
        return switch (mode) {
            case ALL, GRACEFUL, IDLE, LEAK -> closed + draining;
            case INVALID, FILL -> 0;
        };
    }

    /**
     * PoolGuard's own response to a finding ({@code why}): replaces every connection, gracefully (idle ones now, lent
     * ones as they come back; then refilled to min-size), and counts them all as evictions for {@code reason}.
     * Audited like an operator's flush, with {@link #POOLGUARD} as the caller. It does not wait for the pool to
     * settle, nor for an operator's change in progress: it runs on the thread that found the problem (readiness'
     * validation), and Agroal's flush is safe beside anything else.
     */
    public void replaceAll(EvictionReason reason, String why) {
        PoolAction.State before = state();
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        PoolAction.State after = state();
        audit("flush", FlushMode.GRACEFUL, POOLGUARD, before, after, why + ": " + before.idle()
                + " idle closed now, " + before.active() + " lent closed as they come back");
        flushes.get(FlushMode.GRACEFUL).increment();
        evictions.evicted(reason, (int) before.total(), why);
    }

    /**
     * Changes the limits: {@code change} gets the effective limits and returns the wanted ones, or throws to refuse
     * (then nothing changes). It runs under the same lock as the apply, so what it checked is what is changed.
     * Applied at once: a higher min-size opens connections now (Agroal's fill); a max-size below the open
     * connections closes idle ones down to min-size now (Agroal's idle flush), and busy ones above max-size close as
     * they come back.
     */
    public synchronized PoolAction resize(UnaryOperator<PoolLimits> change, String caller) {
        PoolAction.State before = state();
        PoolLimits from = effective();
        PoolLimits to = change.apply(from);
        AgroalConnectionPoolConfiguration pool = poolConfiguration();
        // Agroal checks each setter against the other limit's current value: order them so both hold throughout
        if (to.maxSize() >= from.minSize()) {
            pool.setMaxSize(to.maxSize());
            pool.setMinSize(to.minSize());
        } else {
            pool.setMinSize(to.minSize());
            pool.setMaxSize(to.maxSize());
        }
        pool.setAcquisitionTimeout(to.acquisitionTimeout());
        if (to.minSize() > before.total()) {
            dataSource.flush(AgroalDataSource.FlushMode.FILL);
        }
        if (to.maxSize() < before.total()) {
            dataSource.flush(AgroalDataSource.FlushMode.IDLE);
        }
        PoolAction.State after = state();
        String outcome = from.equals(to) ? "unchanged" : changes(from, to);
        PoolAction action = audit("resize", null, caller, before, after, outcome);
        resizes.increment();
        return action;
    }

    private static String changes(PoolLimits from, PoolLimits to) {
        List<String> changes = new ArrayList<>();
        if (from.maxSize() != to.maxSize()) {
            changes.add("max-size " + from.maxSize() + " -> " + to.maxSize());
        }
        if (from.minSize() != to.minSize()) {
            changes.add("min-size " + from.minSize() + " -> " + to.minSize());
        }
        if (!from.acquisitionTimeout().equals(to.acquisitionTimeout())) {
            changes.add("acquisition-timeout " + from.acquisitionTimeout() + " -> " + to.acquisitionTimeout());
        }
        return String.join(", ", changes);
    }

    private PoolAction audit(String action, FlushMode mode, String caller, PoolAction.State before,
            PoolAction.State after, String outcome) {
        PoolAction entry;
        synchronized (actions) {
            entry = new PoolAction(++sequence, Instant.now(), action, mode == null ? null : mode.label(), caller,
                    before, after, outcome);
            actions.addFirst(entry);
            while (actions.size() > ACTIONS_KEPT) {
                actions.removeLast();
            }
        }
        Log.infof(DataSourceLog.PREFIX + "pool %s%s by %s: %s (before %s; after %s)", action,
                mode == null ? "" : " " + mode.label(), caller, outcome, before.summary(), after.summary());
        return entry;
    }

    /** Whether the modes that refill to min-size have done so (the fill may be all that is left to wait for). */
    private boolean refilled(FlushMode mode, Figures now) {
        return mode == FlushMode.IDLE || now.active() + now.idle() >= poolConfiguration().minSize();
    }

    private PoolAction.State state() {
        PoolLimits limits = effective();
        AgroalDataSourceMetrics metrics = dataSource.getMetrics();
        return new PoolAction.State(limits.maxSize(), limits.minSize(), limits.acquisitionTimeout(),
                metrics.activeCount(), metrics.availableCount());
    }

    private Figures figures() {
        AgroalDataSourceMetrics m = dataSource.getMetrics();
        return new Figures(m.flushCount(), m.creationCount(), m.destroyCount(), m.activeCount(), m.availableCount());
    }

    private AgroalConnectionPoolConfiguration poolConfiguration() {
        return dataSource.getConfiguration().connectionPoolConfiguration();
    }

    private static boolean pause() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Agroal's counters that a flush moves. */
    private record Figures(long flushed, long created, long destroyed, long active, long idle) {
    }
}
