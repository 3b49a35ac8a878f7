package io.poolguard.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.poolguard.monitor.MonitorSample;
import io.poolguard.pool.ConnectionBudget;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.LeakHolder;
import io.poolguard.pool.LeakReport;
import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ClientsSummary;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerView;

/**
 * Turns each sample into a {@link Condition} per rule. Keeps the little state some rules need across samples
 * (consecutive high utilisation, when a counter last rose, the client that churned on the last sample); not
 * thread-safe, fed by the monitor thread only.
 */
final class AlertRules {

    private final AlertsConfig config;
    private final int replicas;
    private int highUtilisationSamples;
    private Boolean lastInRecovery;
    private Instant lastRoleChange;
    /** The client over the churn threshold on the previous sample, or null. */
    private String churnedLastSample;
    private final Map<AlertRule, Instant> lastIncrease = new EnumMap<>(AlertRule.class);

    AlertRules(AlertsConfig config, int replicas) {
        this.config = config;
        this.replicas = replicas;
    }

    /** The conditions for this sample; {@code leaks} names who holds leaked connections now (the sample counts them). */
    Map<AlertRule, Condition> evaluate(MonitorSample sample, LeakReport leaks) {
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
        conditions.put(AlertRule.CONNECTION_LEAK, withHolders(increased(AlertRule.CONNECTION_LEAK, sample.at(),
                rose.leakDetections(), pool.leakDetections(), "leak detection(s)"), leaks));
        conditions.put(AlertRule.DATABASE_UNREACHABLE, unreachable(server));
        conditions.put(AlertRule.DATABASE_ROLE_CHANGED, roleChanged(server, sample.at()));
        conditions.put(AlertRule.SERVER_CONNECTIONS, serverConnections(server));
        conditions.put(AlertRule.LONG_TRANSACTION, longTransaction(server));
        conditions.put(AlertRule.IDLE_IN_TRANSACTION, idleInTransaction(server));
        conditions.put(AlertRule.CONNECTION_CHURN, connectionChurn(server));
        conditions.put(AlertRule.CLIENT_CONNECTIONS_HIGH, clientConnections(server));
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

    /** A firing leak alert names the longest holder: since when, its thread, the top of its stack. */
    private static Condition withHolders(Condition leak, LeakReport leaks) {
        if (leak.status() != Condition.Status.FIRING || leaks.holders().isEmpty()) {
            return leak;
        }
        LeakHolder longest = leaks.holders().get(0);
        String at = topFrame(longest);
        return Condition.firing(leak.value(), leak.message() + "; held now: " + leaks.count()
                + " connection(s) past the " + leaks.interval() + " interval, the longest since " + longest.since()
                + " by thread '" + longest.thread() + "' (" + longest.threadState() + ")"
                + (at == null ? "" : " at " + at));
    }

    /** The borrowing frame when Agroal recorded it, else the first frame of the holder's own code now. */
    private static String topFrame(LeakHolder holder) {
        if (holder.acquiredAt() != null && !holder.acquiredAt().isEmpty()) {
            return holder.acquiredAt().get(0);
        }
        return holder.stack().stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.")).findFirst()
                .orElse(holder.stack().isEmpty() ? null : holder.stack().get(0));
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

    private Condition idleInTransaction(ServerSample server) {
        if (!server.isUp()) {
            return Condition.unknown();
        }
        Duration threshold = config.idleInTransaction().threshold();
        ClientsSummary.Leader longest = server.view().clients().longestIdleInTransaction();
        if (longest == null) {
            return Condition.clear("0s", "no session is idle in a transaction" + partial(server));
        }
        String value = String.format(Locale.ROOT, "%.0fs", longest.value());
        String message = "client " + longest.name() + " has a session idle in a transaction for " + value
                + " (it holds its locks and keeps vacuum from cleaning up); threshold " + threshold + partial(server);
        return longest.value() * 1000 >= threshold.toMillis() ? Condition.firing(value, message)
                : Condition.clear(value, message);
    }

    private Condition connectionChurn(ServerSample server) {
        if (!server.isUp()) {
            return Condition.unknown();
        }
        int threshold = config.connectionChurn().perMinute();
        ClientsSummary.Leader most = server.view().clients().mostOpened();
        if (most == null) {
            churnedLastSample = null;
            return Condition.clear("0", "no client opened a connection since the previous sample" + partial(server));
        }
        String value = String.format(Locale.ROOT, "%.0f", most.value());
        String message = "client " + most.name() + " opened " + value + " connections per minute (at least: only"
                + " those still open at the sample are seen); threshold " + threshold + " on two samples in a row."
                + " A client without a pool pays a connection set-up per request" + partial(server);
        if (most.value() <= threshold) {
            churnedLastSample = null;
            return Condition.clear(value, message);
        }
        // one sample over is what any pool does when it opens its connections (a deploy, a database restart):
        // a client without a pool does it again on the next sample
        boolean again = most.name().equals(churnedLastSample);
        churnedLastSample = most.name();
        return again ? Condition.firing(value, message) : Condition.unknown();
    }

    private Condition clientConnections(ServerSample server) {
        if (!server.isUp()) {
            return Condition.unknown();
        }
        ServerView view = server.view();
        int threshold = config.clientConnections().thresholdPercent();
        ClientsSummary.Leader most = view.clients().mostSessions();
        if (most == null) {
            return Condition.clear("0%", "no client sessions on the server");
        }
        double share = 100.0 * most.value() / Math.max(1, view.availableConnections());
        String message = "client " + most.name() + " holds " + (long) most.value() + " connections, "
                + percent(share) + " of the " + view.availableConnections()
                + " ordinary roles may open (max_connections - superuser_reserved_connections); threshold "
                + threshold + "%";
        return share >= threshold ? Condition.firing(percent(share), message)
                : Condition.clear(percent(share), message);
    }

    /** A note when PoolGuard's role cannot see every session: the figure may be higher than shown. */
    private static String partial(ServerSample server) {
        ClientsSummary clients = server.view().clients();
        return clients.complete() ? "" : "; " + clients.hiddenSessions() + " session(s) of other roles are hidden"
                + " from PoolGuard's role (grant it pg_monitor)";
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
