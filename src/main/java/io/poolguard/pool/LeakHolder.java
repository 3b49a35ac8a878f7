package io.poolguard.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A connection lent out for longer than the leak-detection interval, and who holds it. Frames are
 * {@code class.method(File.java:line)}, pool frames left out; never SQL or parameters.
 *
 * @param since when it was borrowed
 * @param heldFor how long it has been out
 * @param thread the name of the thread that borrowed it
 * @param threadState that thread's state now ({@code TERMINATED}: it ended without giving the connection back)
 * @param stack the top of that thread's stack now: where it is while it holds the connection
 * @param acquiredAt the top of the stack that borrowed it (Agroal's extended leak report,
 *        {@code poolguard.pool.extended-leak-report}); null when that report is off
 */
@RegisterForReflection
public record LeakHolder(Instant since, Duration heldFor, String thread, String threadState, List<String> stack,
        List<String> acquiredAt) {
}
