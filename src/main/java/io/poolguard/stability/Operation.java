package io.poolguard.stability;

/** One stability operation. Returns the latency to record, in nanoseconds; throws when the operation failed. */
@FunctionalInterface
interface Operation {

    long run() throws Exception;
}
