package io.poolguard.monitor;

import java.util.Locale;

import io.poolguard.pool.PoolCounters;
import io.poolguard.pool.PoolSnapshot;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerView;

/** The one compact log line per sample: what an operator greps for, in the order they read it. */
final class SampleLine {

    private SampleLine() {
    }

    static String of(MonitorSample sample) {
        PoolSnapshot p = sample.pool();
        PoolCounters rose = sample.poolDelta();
        StringBuilder line = new StringBuilder(160);
        line.append(String.format(Locale.ROOT,
                "pool active=%d idle=%d awaiting=%d max=%d used=%.0f%% timeouts+%d invalid+%d leaks+%d"
                        + " evicted+%d | server ",
                p.active(), p.idle(), p.awaiting(), p.maxSize(), p.utilisation() * 100, rose.acquisitionTimeouts(),
                rose.invalid(), rose.leakDetections(), rose.evictions()));
        ServerSample s = sample.server();
        if (!sample.serverRefreshed()) {
            line.append("(previous view) ");
        }
        if (s.isUp()) {
            ServerView v = s.view();
            double oldest = v.oldestTransactionAge() == null ? 0 : v.oldestTransactionAge().toMillis() / 1000.0;
            line.append(String.format(Locale.ROOT, "ours=%d total=%d max_connections=%d oldest_tx=%.0fs",
                    v.ours().total(), v.totalConnections(), v.maxConnections(), oldest));
        } else {
            line.append("down: ").append(s.failure() == null ? "unknown" : s.failure().label());
        }
        return line.toString();
    }
}
