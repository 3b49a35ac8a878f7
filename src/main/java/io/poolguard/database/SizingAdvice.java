package io.poolguard.database;

import io.poolguard.pool.ConnectionBudget;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The SQLAlchemy tuning note's sizing rule beside what the pool actually does, and whether every pod's pool fits
 * the server.
 *
 * @param cores database cores the rule uses (configured, or this pod's processors)
 * @param spindles effective spindles (configured, 1 for SSD)
 * @param recommendedBaseSize {@code min(32, cores * 2 + spindles)}: SQLAlchemy pool_size, our min-size
 * @param recommendedOverflow twice the base size: max_overflow
 * @param recommendedMaxSize base + overflow: our max-size
 * @param configuredMinSize the pool's min-size now
 * @param configuredMaxSize the pool's max-size now
 * @param observedPeak most connections checked out at once since startup (Agroal's max used)
 * @param budget the connection budget across replicas ({@link ConnectionBudget}, the same formula as the
 *        {@code connection_budget} alert)
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

    /** The rule's cap, from the tuning note. */
    static final int MAX_BASE_SIZE = 32;

    public static SizingAdvice of(int cores, int spindles, int minSize, int maxSize, long observedPeak, int replicas,
            Integer serverAvailable) {
        int base = Math.min(MAX_BASE_SIZE, cores * 2 + spindles);
        int overflow = 2 * base;
        return new SizingAdvice(cores, spindles, base, overflow, base + overflow, minSize, maxSize, observedPeak,
                ConnectionBudget.of(maxSize, replicas, serverAvailable));
    }
}
