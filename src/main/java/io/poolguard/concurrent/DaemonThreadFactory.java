package io.poolguard.concurrent;

import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads for PoolGuard's own background work (readiness validation, server view, monitor, alert
 * webhook): daemon so that none of them keeps a stopping JVM alive, named so that a thread dump says whose it is.
 */
public final class DaemonThreadFactory implements ThreadFactory {

    private final String name;

    /** @param name the thread's name, {@code poolguard-<what>} */
    public DaemonThreadFactory(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
