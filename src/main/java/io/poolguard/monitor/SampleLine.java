package io.poolguard.monitor;

import java.util.Locale;

/** The one compact log line per sample: what an operator greps for, in the order they read it. */
final class SampleLine {

    private SampleLine() {
    }

    static String of(MonitorSample sample) {
        PoolState p = sample.pool();
        StringBuilder line = new StringBuilder(160);
        line.append(String.format(Locale.ROOT,
                "pool active=%d idle=%d awaiting=%d max=%d used=%.0f%% timeouts+%d invalid+%d leaks+%d | server ",
                p.active(), p.idle(), p.awaiting(), p.max(), p.utilisationPercent(), p.acquisitionTimeoutsDelta(),
                p.invalidDelta(), p.leaksDelta()));
        ServerState s = sample.server();
        if (!s.refreshed()) {
            line.append("(previous view) ");
        }
        if (s.up()) {
            line.append(String.format(Locale.ROOT, "ours=%d total=%d max_connections=%d oldest_tx=%.0fs",
                    s.ours(), s.total(), s.maxConnections(), s.oldestTransactionSeconds()));
        } else {
            line.append("down: ").append(s.failure() == null ? "unknown" : s.failure());
        }
        return line.toString();
    }
}
