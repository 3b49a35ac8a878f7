package io.poolguard.health;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The origin note's sizing rule beside what the pool actually does, and whether every pod's pool fits the server.
 *
 * @param cores database cores the rule uses (configured, or this pod's processors)
 * @param spindles effective spindles (configured, 1 for SSD)
 * @param recommendedBaseSize {@code min(32, cores * 2 + spindles)}: SQLAlchemy pool_size, our min-size
 * @param recommendedOverflow twice the base size: max_overflow
 * @param recommendedMaxSize base + overflow: our max-size
 * @param configuredMinSize the pool's min-size now
 * @param configuredMaxSize the pool's max-size now
 * @param observedPeak most connections checked out at once since startup (Agroal's max used)
 * @param budget the connection budget across replicas
 */
@RegisterForReflection
public record SizingAdvice(
        int cores,
        int spindles,
        int recommendedBaseSize,
        int recommendedOverflow,
        int recommendedMaxSize,
        int configuredMinSize,
        int configuredMaxSize,
        long observedPeak,
        ConnectionBudget budget) {

    /** The rule's cap, from the origin note. */
    static final int MAX_BASE_SIZE = 32;

    /**
     * Connections every replica may open, against what the server accepts from ordinary roles.
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
    }

    static SizingAdvice of(int cores, int spindles, int minSize, int maxSize, long observedPeak, int replicas,
            Integer serverAvailable) {
        int base = Math.min(MAX_BASE_SIZE, cores * 2 + spindles);
        int overflow = 2 * base;
        return new SizingAdvice(cores, spindles, base, overflow, base + overflow, minSize, maxSize, observedPeak,
                budget(maxSize, replicas, serverAvailable));
    }

    static ConnectionBudget budget(int maxSize, int replicas, Integer serverAvailable) {
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
}
