package io.poolguard.pool;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Connections every replica may open, against what the server accepts from ordinary roles. The one budget formula:
 * each replica's pool may open max-size connections and its readiness probe one more, so
 * {@code required = (max-size + 1) x replicas}, over budget when that exceeds
 * {@code max_connections - superuser_reserved_connections}. The database view, the {@code connection_budget} alert
 * and (mirrored, from scraped gauges) {@code deploy/prometheus/poolguard-rules.yml} all use it.
 *
 * @param replicas pods sharing the database ({@code poolguard.pool.replicas})
 * @param poolConnections max-size x replicas
 * @param probeConnections one readiness connection per replica
 * @param required pool + probe connections
 * @param serverAvailable max_connections - superuser_reserved_connections; null when the server view is
 *        unavailable
 * @param withinBudget null when unknown
 * @param verdict the above in plain words
 */
@RegisterForReflection
public record ConnectionBudget(int replicas, int poolConnections, int probeConnections, int required,
        Integer serverAvailable, Boolean withinBudget, String verdict) {

    public static ConnectionBudget of(int maxSize, int replicas, Integer serverAvailable) {
        int pool = maxSize * replicas;
        int required = pool + replicas;
        String demand = replicas + (replicas == 1 ? " replica" : " replicas") + " x (" + maxSize
                + " pool + 1 readiness) = " + required + " connections";
        if (serverAvailable == null) {
            return new ConnectionBudget(replicas, pool, replicas, required, null, null,
                    "unknown: " + demand + ", but the server's limits could not be read");
        }
        if (required <= serverAvailable) {
            return new ConnectionBudget(replicas, pool, replicas, required, serverAvailable, true,
                    "within budget: " + demand + " of the " + serverAvailable
                            + " the server accepts from ordinary roles (" + (serverAvailable - required) + " spare,"
                            + " shared with every other client of this server)");
        }
        int fittingMaxSize = serverAvailable / replicas - 1;
        return new ConnectionBudget(replicas, pool, replicas, required, serverAvailable, false,
                "over budget: " + demand + " but the server accepts only " + serverAvailable
                        + " from ordinary roles (max_connections - superuser_reserved_connections); at full load"
                        + " some pods will fail with too_many_connections. Lower poolguard.pool.max-size to "
                        + Math.max(0, fittingMaxSize) + ", run fewer replicas, or raise max_connections");
    }

    /** Known to be over budget (false while the server's limits are unknown). */
    public boolean over() {
        return Boolean.FALSE.equals(withinBudget);
    }
}
