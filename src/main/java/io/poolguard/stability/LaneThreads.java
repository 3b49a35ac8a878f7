package io.poolguard.stability;

import java.util.HashSet;
import java.util.Set;

/**
 * The threads running a run's lanes, so a cancel can interrupt a lane waiting for a pooled connection. A lane
 * leaves before its thread goes back to the executor, and leaving clears any interrupt under the same lock, so an
 * interrupt never leaks into the next task of a pooled thread.
 */
final class LaneThreads {

    private final Set<Thread> threads = new HashSet<>();

    synchronized void enter() {
        threads.add(Thread.currentThread());
    }

    synchronized void leave() {
        threads.remove(Thread.currentThread());
        Thread.interrupted();
    }

    synchronized void interruptAll() {
        threads.forEach(Thread::interrupt);
    }
}
