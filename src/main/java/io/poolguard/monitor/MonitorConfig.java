package io.poolguard.monitor;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sampler: how often it looks at the pool and the server, what it logs and how much it remembers. */
@ConfigMapping(prefix = "poolguard.monitor")
public interface MonitorConfig {

    /**
     * Time between two samples (env {@code POOLGUARD_MONITOR_INTERVAL}; {@code 30S}, {@code 10s}, {@code 500ms}).
     * Each sample also refreshes the server-side view (unless the pool is saturated), so this is how often PoolGuard
     * queries {@code pg_stat_activity}. At least 100ms. Default 30S (the SQLAlchemy
     * tuning note's {@code --interval 30}).
     */
    @WithDefault("30S")
    Duration interval();

    /**
     * Level of the one line logged per sample (env {@code POOLGUARD_MONITOR_LOG_LEVEL}): {@code INFO}, or
     * {@code DEBUG} to keep it out of the default log (then raise {@code quarkus.log.category."io.poolguard.monitor".level}
     * to see it). Default INFO.
     */
    @WithDefault("INFO")
    Logger.Level logLevel();

    /**
     * Samples kept for {@code /api/v1/hc/database/history} (env {@code POOLGUARD_MONITOR_HISTORY_SIZE}); the
     * oldest is dropped first. Default 120 (one hour at the default interval).
     */
    @WithDefault("120")
    int historySize();
}
