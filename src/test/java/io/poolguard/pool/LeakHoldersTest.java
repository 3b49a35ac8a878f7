package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LeakHoldersTest {

    private static StackTraceElement frame(String module, String className, String method) {
        return new StackTraceElement(null, module, null, className, method, className + ".java", 1);
    }

    @Test
    void aNativeImagesParkingFramesDoNotPushTheHoldersOwnFramesOutOfTheList() {
        // the stack of a holder parked in a native executable, as SubstrateVM reports it
        StackTraceElement[] stack = {
            frame("org.graalvm.nativeimage.builder", "com.oracle.svm.core.posix.headers.Pthread",
                    "pthread_cond_timedwait"),
            frame("org.graalvm.nativeimage.builder", "com.oracle.svm.core.posix.thread.PosixParker", "park0"),
            frame("org.graalvm.nativeimage.builder", "com.oracle.svm.core.posix.thread.PosixParker", "park"),
            frame("org.graalvm.nativeimage.builder", "com.oracle.svm.core.thread.PlatformThreads",
                    "parkCurrentPlatformOrCarrierThread"),
            frame("java.base", "jdk.internal.misc.Unsafe", "park"),
            frame("java.base", "java.util.concurrent.locks.LockSupport", "parkNanos"),
            frame("java.base", "java.util.concurrent.locks.AbstractQueuedSynchronizer", "acquire"),
            frame("java.base", "java.util.concurrent.locks.AbstractQueuedSynchronizer", "tryAcquireSharedNanos"),
            frame("java.base", "java.util.concurrent.CountDownLatch", "await"),
            frame(null, "io.poolguard.stability.StabilityRun", "awaitCancel"),
        };

        List<String> frames = LeakHolders.frames(stack);

        assertThat(frames).hasSizeLessThanOrEqualTo(LeakHolders.MAX_FRAMES)
                .noneMatch(f -> f.contains("com.oracle.svm."))
                .anyMatch(f -> f.contains("StabilityRun.awaitCancel"));
        assertThat(frames.get(0)).as("the JDK's own frames stay: they say how it waits").contains("Unsafe.park");
    }
}
