package io.poolguard.stability;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import io.poolguard.pool.PoolAccess;
import io.poolguard.server.ServerSample;
import io.poolguard.server.ServerView;
import io.poolguard.server.ServerViewSource;
import io.poolguard.web.Problem;
import io.poolguard.web.ProblemException;

/**
 * The largest burst a run may use, so that it cannot take the pool or the server from the application: a share of
 * the pool's max-size when the run borrows, the same share of the server's free connection slots when it opens its
 * own ({@code max_connections - superuser_reserved_connections -} connections open now). When the server cannot be
 * asked, fresh runs get one connection at a time, as the tuning note's test script opens them.
 */
@Singleton
class BurstCap {

    /** A server view younger than this is good enough to budget a fresh run. */
    private static final Duration SERVER_VIEW_MAX_AGE = Duration.ofSeconds(2);

    private final PoolAccess pool;
    private final ServerViewSource serverView;
    private final StabilityConfig config;

    BurstCap(PoolAccess pool, ServerViewSource serverView, StabilityConfig config) {
        this.pool = pool;
        this.serverView = serverView;
        this.config = config;
    }

    /** Refuses a spec whose burst is over the cap, naming the cap and where it comes from. Blocking for fresh. */
    void check(RunSpec spec) {
        int cap;
        String basis;
        if (spec.mode().usesPool()) {
            int maxSize = pool.snapshot().maxSize();
            cap = share(maxSize);
            basis = "poolguard.stability.burst-share=" + config.burstShare() + " of the pool's max-size " + maxSize;
        } else {
            ServerSample sample = serverView.latestOrRefresh(SERVER_VIEW_MAX_AGE);
            if (sample.isUp()) {
                ServerView view = sample.view();
                int free = Math.max(0, view.availableConnections() - view.totalConnections());
                cap = Math.min(Math.max(1, free), share(free));
                basis = "poolguard.stability.burst-share=" + config.burstShare() + " of the server's " + free
                        + " free connection slots (max_connections " + view.maxConnections() + " - reserved "
                        + view.superuserReservedConnections() + " - open " + view.totalConnections() + ")";
            } else {
                cap = 1;
                basis = "the server's connection budget is unknown (" + sample.failure().label() + ")";
            }
        }
        if (spec.burst() > cap) {
            throw new ProblemException(Problem.invalid(List.of(new Problem.InvalidField("burst",
                    "must be <= " + cap + " for mode " + spec.mode().label() + ": " + basis))));
        }
    }

    private int share(int of) {
        return Math.max(1, (int) Math.floor(of * config.burstShare()));
    }
}
