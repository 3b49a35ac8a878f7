package io.poolguard.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.poolguard.monitor.MonitorSample;
import io.poolguard.monitor.PoolState;
import io.poolguard.monitor.ServerState;
import io.poolguard.pool.DatabaseFailure;

/**
 * Turns each sample into a {@link Condition} per rule. Keeps the little state some rules need across samples
 * (consecutive high utilisation, when a counter last rose); not thread-safe, fed by the monitor thread only.
 */
final class AlertRules {

    private final AlertsConfig config;
    private final int replicas;
    private int highUtilisationSamples;
    private final Map<AlertRule, Instant> lastIncrease = new EnumMap<>(AlertRule.class);

    AlertRules(AlertsConfig config, int replicas) {
        this.config = config;
        this.replicas = replicas;
    }

    Map<AlertRule, Condition> evaluate(MonitorSample sample) {
        Map<AlertRule, Condition> conditions = new EnumMap<>(AlertRule.class);
        PoolState pool = sample.pool();
        ServerState server = sample.server();
        conditions.put(AlertRule.POOL_UTILISATION, utilisation(pool));
        conditions.put(AlertRule.POOL_WAITING, pool.awaiting() > 0
                ? Condition.firing(Long.toString(pool.awaiting()),
                        pool.awaiting() + " thread(s) waiting for a connection; pool " + pool.active() + "/"
                                + pool.max() + " in use")
                : Condition.clear("0", "no thread waiting for a connection"));
        conditions.put(AlertRule.ACQUISITION_TIMEOUTS, increased(AlertRule.ACQUISITION_TIMEOUTS, sample.at(),
                pool.acquisitionTimeoutsDelta(), pool.acquisitionTimeouts(), "acquisition timeout(s)"));
        conditions.put(AlertRule.INVALID_CONNECTIONS, increased(AlertRule.INVALID_CONNECTIONS, sample.at(),
                pool.invalidDelta(), pool.invalid(), "invalid connection(s)"));
        conditions.put(AlertRule.CONNECTION_LEAK, increased(AlertRule.CONNECTION_LEAK, sample.at(),
                pool.leaksDelta(), pool.leaks(), "leak detection(s)"));
        conditions.put(AlertRule.DATABASE_UNREACHABLE, unreachable(server));
        conditions.put(AlertRule.SERVER_CONNECTIONS, serverConnections(server));
        conditions.put(AlertRule.LONG_TRANSACTION, longTransaction(server));
        conditions.put(AlertRule.CONNECTION_BUDGET, budget(pool, server));
        return conditions;
    }

    private Condition utilisation(PoolState pool) {
        int threshold = config.utilisation().thresholdPercent();
        int needed = config.utilisation().consecutiveSamples();
        String value = percent(pool.utilisationPercent());
        if (pool.utilisationPercent() < threshold) {
            highUtilisationSamples = 0;
            return Condition.clear(value, "pool " + value + " used (" + pool.active() + "/" + pool.max()
                    + "), below " + threshold + "%");
        }
        highUtilisationSamples++;
        String message = "pool " + value + " used (" + pool.active() + "/" + pool.max() + ") for "
                + highUtilisationSamples + " sample(s), threshold " + threshold + "% for " + needed;
        return highUtilisationSamples >= needed ? Condition.firing(value, message) : Condition.unknown();
    }

    private Condition increased(AlertRule rule, Instant at, long delta, long total, String what) {
        if (delta > 0) {
            lastIncrease.put(rule, at);
        }
        Instant last = lastIncrease.get(rule);
        Duration window = config.increaseWindow();
        if (last != null && Duration.between(last, at).compareTo(window) < 0) {
            return Condition.firing(Long.toString(total), (delta > 0 ? "+" + delta + " " : "") + what + " (total "
                    + total + "); last increase at " + last + ", resolves after " + window + " without one");
        }
        return Condition.clear(Long.toString(total), "no new " + what + " for " + window + " (total " + total + ")");
    }

    private static Condition unreachable(ServerState server) {
        // an earlier view (refreshed=false) says the same as when it was new: evaluating it again changes nothing
        if (server.at() == null) {
            return Condition.unknown();
        }
        if (server.up()) {
            return Condition.clear("up", "the server view was read");
        }
        if (DatabaseFailure.POOL_EXHAUSTED.label().equals(server.failure())) {
            // the pool had no connection for the monitor: says nothing about the server
            return Condition.unknown();
        }
        return Condition.firing(server.failure(), "the server view failed: " + server.failure()
                + (server.failureMessage() == null ? "" : " (" + server.failureMessage() + ")"));
    }

    private Condition serverConnections(ServerState server) {
        if (!server.up()) {
            return Condition.unknown();
        }
        int threshold = config.serverConnections().thresholdPercent();
        double used = 100.0 * server.total() / Math.max(1, server.availableConnections());
        String message = server.total() + " client connections on the server, " + percent(used) + " of "
                + server.availableConnections() + " (max_connections - superuser_reserved_connections); threshold "
                + threshold + "%";
        return used >= threshold ? Condition.firing(percent(used), message) : Condition.clear(percent(used), message);
    }

    private Condition longTransaction(ServerState server) {
        if (!server.up()) {
            return Condition.unknown();
        }
        Duration threshold = config.longTransaction().threshold();
        double seconds = server.oldestTransactionSeconds();
        String value = String.format(Locale.ROOT, "%.0fs", seconds);
        String message = "oldest open transaction on the server is " + value + " old; threshold " + threshold;
        return seconds * 1000 >= threshold.toMillis() ? Condition.firing(value, message)
                : Condition.clear(value, message);
    }

    private Condition budget(PoolState pool, ServerState server) {
        if (!server.up()) {
            return Condition.unknown();
        }
        long budget = (long) pool.max() * replicas;
        String message = "max-size " + pool.max() + " x " + replicas + " replica(s) = " + budget
                + " connections; the server allows " + server.availableConnections()
                + " (max_connections - superuser_reserved_connections)";
        return budget > server.availableConnections()
                ? Condition.firing(Long.toString(budget), message)
                : Condition.clear(Long.toString(budget), message);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }
}
