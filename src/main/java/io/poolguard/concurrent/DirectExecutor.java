package io.poolguard.concurrent;

import java.util.concurrent.Executor;

/**
 * Runs a task on the calling thread. For JDBC's {@code setNetworkTimeout} and {@code abort}, which want an executor
 * but only use it when a timeout fires or a connection is torn down: nothing there is worth a thread hop.
 */
public final class DirectExecutor {

    public static final Executor INSTANCE = Runnable::run;

    private DirectExecutor() {
    }
}
