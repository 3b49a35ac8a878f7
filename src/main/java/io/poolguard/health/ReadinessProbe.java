package io.poolguard.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.poolguard.concurrent.DaemonThreadFactory;
import io.poolguard.concurrent.SingleFlight;
import io.poolguard.metrics.MetricNames;
import io.poolguard.pool.DataSourceLog;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.DatabaseGate;
import io.poolguard.pool.DirectConnector;
import io.poolguard.pool.EvictionReason;
import io.poolguard.pool.PoolAccess;
import io.poolguard.pool.PoolConfig;
import io.poolguard.pool.PoolControl;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Whether the database is usable, answered from a short-lived cache so that probe traffic never scales database
 * load, and always within the budget.
 * <ul>
 * <li>A result younger than the TTL is served as it is: no I/O, no thread hop, safe on the event loop.</li>
 * <li>An older one starts a validation, or joins the one under way (single flight): 200 concurrent probes cost one
 * round trip. Just past the TTL the old result is still served while the validation runs (refresh-ahead), so
 * steady probe traffic never waits; a result is never served older than TTL + {@link #answerWithin()}.</li>
 * <li>Validations run on one dedicated thread with a dedicated connection ({@link DatabaseValidator}), so neither a
 * saturated pool nor a saturated worker pool can delay them, and a hung database holds exactly one thread.</li>
 * <li>A caller waits at most {@link #answerWithin()} for a running validation, then gets DOWN ({@code timed_out});
 * the validation itself is bounded by the same time through the driver's timeouts.</li>
 * </ul>
 */
@Singleton
public class ReadinessProbe {

    /** Readiness' reason when the database is up but cannot write. */
    public static final String READ_ONLY_REASON =
            "the server accepts reads only (in recovery, or default_transaction_read_only)";

    /** Longest a DOWN result is served (the TTL when shorter). */
    static final Duration DOWN_TTL = Duration.ofSeconds(1);

    private final DatabaseValidator validator;
    private final Duration ttl;
    private final Duration downTtl;
    private final Duration answerWithin;
    private final boolean requireWritable;
    private final ExecutorService validationThread;
    private final Timer validationTimer;
    private final AtomicReference<ValidationResult> latest = new AtomicReference<>();
    private final SingleFlight<ValidationResult> validations = new SingleFlight<>();
    private final DatabaseGate gate;
    private final PoolControl control;
    private volatile boolean everUsable;

    ReadinessProbe(DirectConnector connector, PoolAccess pool, PoolConfig poolConfig, HealthConfig config,
            MeterRegistry registry, DatabaseGate gate, PoolControl control) {
        this.gate = gate;
        this.control = control;
        this.ttl = config.readiness().ttl();
        this.downTtl = ttl.compareTo(DOWN_TTL) < 0 ? ttl : DOWN_TTL;
        this.answerWithin = answerWithin(config.budget());
        this.requireWritable = config.readiness().requireWritable();
        this.validator = new DatabaseValidator(connector, pool, poolConfig.applicationName(), answerWithin);
        this.validationThread = Executors.newSingleThreadExecutor(new DaemonThreadFactory("poolguard-readiness"));
        this.validationTimer = Timer.builder(MetricNames.VALIDATION)
                .description("Readiness validation round trips to the database (one per TTL at most, however many"
                        + " probes), connecting included, successful or not")
                .register(registry);
        Gauge.builder(MetricNames.DATABASE_READ_ONLY, this, p -> p.latest().filter(ValidationResult::isUp)
                .map(v -> v.inRecovery() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("The database's role as readiness last saw it: 1 read-only (a standby, or"
                        + " default_transaction_read_only), 0 writable primary, NaN unknown or unreachable")
                .register(registry);
        // NaN (no data) until a probe has validated: 0 would read as "database down" to an alert on this gauge
        // where nothing probes yet
        Gauge.builder(MetricNames.READINESS_UP, this, p -> p.latest().map(v -> p.isUsable(v) ? 1.0 : 0.0)
                        .orElse(Double.NaN))
                .description("1 when the latest readiness validation found the database usable, 0 otherwise"
                        + " (NaN before the first)")
                .register(registry);
    }

    /** The share of the budget a caller may wait for a validation; the rest is for the HTTP round trip. */
    static Duration answerWithin(Duration budget) {
        Duration reserve = budget.dividedBy(5);
        return budget.minus(reserve.compareTo(Duration.ofMillis(200)) > 0 ? Duration.ofMillis(200) : reserve);
    }

    /**
     * The current validation, never older than TTL + {@link #answerWithin()} and never later than the budget:
     * <ul>
     * <li>younger than the TTL: served as it is;</li>
     * <li>older, but by less than {@code answerWithin}: served as it is while a validation starts (refresh-ahead),
     * so steady probe traffic never waits on the database;</li>
     * <li>older still, or none yet: waits for the shared validation, at most {@code answerWithin}.</li>
     * </ul>
     */
    public Uni<ValidationResult> validation() {
        ValidationResult cached = latest.get();
        if (cached != null) {
            Duration age = cached.age();
            boolean usable = isUsable(cached);
            // a DOWN answer is kept for a shorter time and never served past it, so readiness turns UP within a
            // second of the database coming back (the TTL still bounds how often a healthy database is asked)
            if (age.compareTo(usable ? ttl : downTtl) < 0) {
                return Uni.createFrom().item(cached);
            }
            if (usable && age.compareTo(ttl.plus(answerWithin)) < 0) {
                refresh();
                return Uni.createFrom().item(cached);
            }
        }
        // a copy per caller: the timeout cancels what it waits on, and must not cancel the shared validation
        return Uni.createFrom().completionStage(() -> refresh().copy())
                .ifNoItem().after(answerWithin)
                .recoverWithItem(() -> ValidationResult.failed(DatabaseFailure.TIMED_OUT,
                        "the database did not answer within " + answerWithin.toMillis() + " ms", answerWithin))
                .onFailure().recoverWithItem(() -> ValidationResult.failed(DatabaseFailure.OTHER,
                        "the validation could not run (shutting down)", Duration.ZERO));
    }

    /** The latest finished validation, without starting one. */
    public Optional<ValidationResult> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** Usable and, when required, writable. */
    public boolean isUsable(ValidationResult v) {
        return v.isUp() && !(requireWritable && v.inRecovery());
    }

    /** The failure class readiness reports for a validation, null when usable. */
    public DatabaseFailure failureOf(ValidationResult v) {
        if (!v.isUp()) {
            return v.failure();
        }
        return isUsable(v) ? null : DatabaseFailure.READ_ONLY;
    }

    /** True once a validation has found the database usable (latched, for the startup probe). */
    public boolean everUsable() {
        return everUsable;
    }

    public Duration ttl() {
        return ttl;
    }

    public Duration answerWithin() {
        return answerWithin;
    }

    private CompletableFuture<ValidationResult> refresh() {
        return validations.run(validationThread, this::runValidation);
    }

    private ValidationResult runValidation() {
        ValidationResult v;
        try {
            v = validator.validate();
        } catch (RuntimeException e) {
            v = ValidationResult.failed(DatabaseFailure.OTHER, "validation failed unexpectedly", Duration.ZERO);
            Log.errorf(e, DataSourceLog.PREFIX + "readiness validation failed unexpectedly");
        }
        validationTimer.record(v.roundTrip());
        // the pool's borrowers fail fast while readiness finds the database unreachable (and queue again once not)
        gate.observed(v.isUp() ? null : v.failure(), v.reason());
        ValidationResult previous = latest.getAndSet(v);
        logTransition(previous, v);
        if (requireWritable && v.isUp() && v.inRecovery() && (previous == null || !previous.isUp() || !previous.inRecovery())) {
            // the pool's connections reach a server that cannot write (failover, or a primary turned read-only):
            // replace them, so that with targetServerType=primary they find the new primary
            control.replaceAll(EvictionReason.READ_ONLY, "the server turned read-only; connections are replaced");
        }
        if (isUsable(v)) {
            everUsable = true;
        }
        return v;
    }

    private void logTransition(ValidationResult previous, ValidationResult current) {
        boolean wasUsable = previous != null && isUsable(previous);
        boolean usable = isUsable(current);
        if (usable && !wasUsable) {
            Log.infof(DataSourceLog.PREFIX + "readiness UP (validation %d ms)", current.roundTrip().toMillis());
        } else if (!usable && (previous == null || wasUsable
                || failureOf(previous) != failureOf(current))) {
            Log.warnf(DataSourceLog.PREFIX + "readiness DOWN (%s): %s", failureOf(current).label(),
                    current.reason() == null ? READ_ONLY_REASON : current.reason());
        } else {
            Log.tracef(DataSourceLog.PREFIX + "validation %s in %d ms", usable ? "ok" : failureOf(current).label(),
                    current.roundTrip().toMillis());
        }
    }

    /**
     * Validates once at startup, so the startup probe and the readiness gauge have an answer early. Right after the
     * config checks (priority 1) and before the other startup observers (the monitor's first sample borrows and
     * queries the server), so the first validation starts as early as it can: readiness waits on it, nothing else
     * does.
     */
    void validateAtStartup(@Observes @Priority(2) StartupEvent event) {
        refresh();
    }

    @PreDestroy
    void shutdown() {
        // the validator is confined to its thread: close it there, after any validation under way
        validationThread.execute(validator::close);
        validationThread.shutdown();
        try {
            validationThread.awaitTermination(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
