package io.poolguard.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) as an event a long-running command waits on, instead of the JVM's default of exiting at once:
 * {@code monitor} prints its summary, {@code test} cancels its run on the service first. {@code sun.misc.Signal} is
 * what Quarkus itself uses for this; it works the same on the JVM and in a native executable. A second Ctrl-C
 * while the command winds down exits at once.
 */
final class CtrlC {

    private final CountDownLatch pressed = new CountDownLatch(1);

    private CtrlC() {
    }

    /** Starts listening; until then SIGINT ends the process as usual. */
    static CtrlC listen() {
        CtrlC ctrlC = new CtrlC();
        try {
            Signal.handle(new Signal("INT"), signal -> {
                if (ctrlC.pressed.getCount() == 0) {
                    Runtime.getRuntime().halt(130);
                }
                ctrlC.pressed.countDown();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform, or the JVM keeps it (-Xrs): Ctrl-C ends the process as usual
        }
        return ctrlC;
    }

    boolean pressed() {
        return pressed.getCount() == 0;
    }

    /** Waits up to {@code timeout}; true when Ctrl-C was pressed meanwhile (or before). */
    boolean await(Duration timeout) {
        try {
            return pressed.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
