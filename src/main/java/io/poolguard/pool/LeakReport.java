package io.poolguard.pool;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The connections held past the leak-detection interval right now (Agroal's {@code leakDetections} counts every
 * detection since startup; this says who holds them now).
 *
 * @param count connections held past the interval now (may exceed the holders listed)
 * @param interval the leak-detection interval; null when leak detection is off
 * @param extendedReport whether borrow stacks are recorded ({@code acquiredAt})
 * @param holders the longest-held first, at most {@link LeakHolders#MAX_HOLDERS}
 */
@RegisterForReflection
public record LeakReport(int count, Duration interval, boolean extendedReport, List<LeakHolder> holders) {
}
