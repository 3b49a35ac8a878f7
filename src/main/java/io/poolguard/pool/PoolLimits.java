package io.poolguard.pool;

import java.time.Duration;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The pool settings Agroal can change while it runs.
 *
 * @param maxSize most connections open at once
 * @param minSize connections kept open when idle
 * @param acquisitionTimeout how long a borrower waits for a connection
 */
@RegisterForReflection
public record PoolLimits(int maxSize, int minSize, Duration acquisitionTimeout) {

    /** These limits with the given values replacing theirs; null keeps a value as it is. */
    public PoolLimits with(Integer maxSize, Integer minSize, Duration acquisitionTimeout) {
        return new PoolLimits(maxSize == null ? this.maxSize : maxSize, minSize == null ? this.minSize : minSize,
                acquisitionTimeout == null ? this.acquisitionTimeout : acquisitionTimeout);
    }
}
