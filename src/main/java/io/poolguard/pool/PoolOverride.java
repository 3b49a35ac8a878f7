package io.poolguard.pool;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A pool setting changed at run time, beside what the configuration says (a restart returns to it).
 *
 * @param setting {@code maxSize}, {@code minSize} or {@code acquisitionTimeout}
 * @param configured the value from the configuration
 * @param effective the value the pool runs with now
 */
@RegisterForReflection
public record PoolOverride(String setting, Object configured, Object effective) {
}
