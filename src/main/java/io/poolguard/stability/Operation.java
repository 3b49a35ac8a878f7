package io.poolguard.stability;

/**
 * One stability operation. Returns the latency to record, in nanoseconds since {@code startNanos} (the caller's
 * {@link System#nanoTime()} just before the call, shared so that an operation reads the clock once less); throws
 * when the operation failed.
 */
@FunctionalInterface
interface Operation {

    long run(long startNanos) throws Exception;
}
