package io.poolguard.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.poolguard.monitor.MonitorSample;
import io.poolguard.pool.ConnectionBudget;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerView;

/**
 * Turns each sample into a {@link Condition} per rule. Keeps the little state some rules need across samples
 * (consecutive high utilisation, when a counter last rose); not thread-safe, fed by the monitor thread only.
 */
final class AlertRules {

    private final AlertsConfig config;
    private final int replicas;
    private int highUtilisationSamples;
    private Boolean lastInRecovery;
    private Instant lastRoleChange;
    private final Map<AlertRule, Instant> lastIncrease = new EnumMap<>(AlertRule.class);

    AlertRules(AlertsConfig config, int replicas) {
        this.config = config;
        this.replicas = replicas;
    }

    Map<AlertRule, Condition> evaluate(MonitorSample sample) {
        Map<AlertRule, Condition> conditions = new EnumMap<>(AlertRule.class);
        PoolSnapshot pool = sample.pool();
        PoolCounters rose = sample.poolDelta();
        ServerSample server = sample.server();
        conditions.put(AlertRule.POOL_UTILISATION, utilisation(pool));
        conditions.put(AlertRule.POOL_WAITING, pool.awaiting() > 0
                ? Condition.firing(Long.toString(pool.awaiting()),
                        pool.awaiting() + " thread(s) waiting for a connection; pool " + pool.active() + "/"
                                + pool.maxSize() + " in use")
                : Condition.clear("0", "no thread waiting for a connection"));
        conditions.put(AlertRule.ACQUISITION_TIMEOUTS, increased(AlertRule.ACQUISITION_TIMEOUTS, sample.at(),
                rose.acquisitionTimeouts(), pool.acquisitionTimeouts(), "acquisition timeout(s)"));
        conditions.put(AlertRule.INVALID_CONNECTIONS, increased(AlertRule.INVALID_CONNECTIONS, sample.at(),
                rose.invalid(), pool.invalid(), "invalid connection(s)"));
        conditions.put(AlertRule.CONNECTION_LEAK, increased(AlertRule.CONNECTION_LEAK, sample.at(),
                rose.leakDetections(), pool.leakDetections(), "leak detection(s)"));
        conditions.put(AlertRule.DATABASE_UNREACHABLE, unreachable(server));
        conditions.put(AlertRule.DATABASE_ROLE_CHANGED, roleChanged(server, sample.at()));
        conditions.put(AlertRule.SERVER_CONNECTIONS, serverConnections(server));
        conditions.put(AlertRule.LONG_TRANSACTION, longTransaction(server));
        conditions.put(AlertRule.CONNECTION_BUDGET, budget(pool, server));
        return conditions;
    }

    private Condition utilisation(PoolSnapshot pool) {
        int threshold = config.utilisation().thresholdPercent();
        int needed = config.utilisation().consecutiveSamples();
        double usedPercent = pool.utilisation() * 100;
        String value = percent(usedPercent);
        if (usedPercent < threshold) {
            highUtilisationSamples = 0;
            return Condition.clear(value, "pool " + value + " used (" + pool.active() + "/" + pool.maxSize()
                    + "), below " + threshold + "%");
        }
        highUtilisationSamples++;
        String message = "pool " + value + " used (" + pool.active() + "/" + pool.maxSize() + ") for "
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

    /**
     * Like postgres_exporter's PostgresReplicationRoleChanged: fires when the server's role (in recovery or not)
     * differs from the last one seen, and resolves after the increase window without another change.
     */
    private Condition roleChanged(ServerSample server, Instant at) {
        if (server.isUp() && server.view() != null) {
            boolean standby = server.view().inRecovery();
            if (lastInRecovery != null && lastInRecovery != standby) {
                lastRoleChange = at;
            }
            lastInRecovery = standby;
        }
        if (lastInRecovery == null) {
            return Condition.unknown();
        }
        String role = lastInRecovery ? "standby" : "primary";
        Duration window = config.increaseWindow();
        if (lastRoleChange != null && Duration.between(lastRoleChange, at).compareTo(window) < 0) {
            return Condition.firing(role, "the database became " + (lastInRecovery ? "a standby (in recovery)"
                    : "a primary") + " at " + lastRoleChange + "; resolves after " + window + " without a change");
        }
        return Condition.clear(role, "the database is a " + role + ", no role change for " + window);
    }

    private static Condition unreachable(ServerSample server) {
        // an earlier sample (serverRefreshed=false) says the same as when it was new: evaluating it again changes
        // nothing
        if (server.status() == ServerSample.Status.UNKNOWN) {
            return Condition.unknown();
        }
        if (server.isUp()) {
            return Condition.clear("up", "the server view was read");
        }
        if (server.failure() == DatabaseFailure.POOL_EXHAUSTED) {
            // the pool had no connection for the monitor: says nothing about the server
            return Condition.unknown();
        }
        String failure = server.failure().label();
        return Condition.firing(failure, "the server view failed: " + failure
                + (server.reason() == null ? "" : " (" + server.reason() + ")"));
    }

    private Condition serverConnections(ServerSample server) {
        if (!server.isUp()) {
            return Condition.unknown();
        }
        ServerView view = server.view();
        int threshold = config.serverConnections().thresholdPercent();
        double used = 100.0 * view.totalConnections() / Math.max(1, view.availableConnections());
        String message = view.totalConnections() + " client connections on the server, " + percent(used) + " of "
                + view.availableConnections() + " (max_connections - superuser_reserved_connections); threshold "
                + threshold + "%";
        return used >= threshold ? Condition.firing(percent(used), message) : Condition.clear(percent(used), message);
    }

    private Condition longTransaction(ServerSample server) {
        if (!server.isUp()) {
            return Condition.unknown();
        }
        Duration threshold = config.longTransaction().threshold();
        Duration oldest = server.view().oldestTransactionAge();
        double seconds = oldest == null ? 0 : oldest.toMillis() / 1000.0;
        String value = String.format(Locale.ROOT, "%.0fs", seconds);
        String message = "oldest open transaction on the server is " + value + " old; threshold " + threshold;
        return seconds * 1000 >= threshold.toMillis() ? Condition.firing(value, message)
                : Condition.clear(value, message);
    }

    /** The database view's budget, judged the same way: {@link ConnectionBudget} is the one formula. */
    private Condition budget(PoolSnapshot pool, ServerSample server) {
        if (!server.isUp()) {
            return Condition.unknown();
        }
        ConnectionBudget budget = ConnectionBudget.of(pool.maxSize(), replicas,
                server.view().availableConnections());
        String value = Integer.toString(budget.required());
        return budget.over() ? Condition.firing(value, budget.verdict()) : Condition.clear(value, budget.verdict());
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }
}
