package io.poolguard.stability;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Judges a finished run against the configured thresholds, saying why when it is not stable. */
final class Verdicts {

    private Verdicts() {
    }

    static RunView.Verdict of(RunState state, long successes, Map<String, Long> failures, RunView.Latency latency,
            List<RunView.Outage> outages, int outageCount, String error, StabilityConfig.VerdictThresholds thresholds) {
        if (state == RunState.FAILED) {
            return new RunView.Verdict(false, "the run failed: " + error);
        }
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        long done = successes + failed;
        if (done == 0) {
            return new RunView.Verdict(false, "no operation ran");
        }
        double ratio = (double) failed / done;
        if (outageCount > 0) {
            RunView.Outage longest = outages.stream()
                    .max(java.util.Comparator.comparingDouble(RunView.Outage::seconds)).orElseThrow();
            String classes = longest.failures().entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            return new RunView.Verdict(false, String.format(java.util.Locale.ROOT,
                    "%d outage%s: longest from %s to %s, %.3f s without a successful operation (%s); failure ratio"
                            + " %.4f, %d of %d operations failed",
                    outageCount, outageCount == 1 ? "" : "s", longest.from(), longest.to(), longest.seconds(),
                    classes.isEmpty() ? "no failure, every operation blocked" : classes, ratio, failed, done));
        }
        if (ratio > thresholds.maxFailureRatio()) {
            String classes = failures.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            return new RunView.Verdict(false, String.format(java.util.Locale.ROOT,
                    "failure ratio %.4f above %s: %d of %d operations failed (%s)", ratio,
                    thresholds.maxFailureRatio(), failed, done, classes));
        }
        double maxP99Millis = thresholds.maxP99().toNanos() / 1e6;
        if (latency.p99() > maxP99Millis) {
            return new RunView.Verdict(false, String.format(java.util.Locale.ROOT,
                    "p99 latency %.3f ms above %s ms", latency.p99(), trim(maxP99Millis)));
        }
        return new RunView.Verdict(true, String.format(java.util.Locale.ROOT,
                "failure ratio %.4f within %s and p99 %.3f ms within %s ms", ratio, thresholds.maxFailureRatio(),
                latency.p99(), trim(maxP99Millis)));
    }

    private static String trim(double millis) {
        return millis == Math.rint(millis) ? Long.toString((long) millis) : Double.toString(millis);
    }
}
