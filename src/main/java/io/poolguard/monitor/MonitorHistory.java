package io.poolguard.monitor;

import java.util.List;

/**
 * What {@code GET /api/v1/hc/database/history} returns.
 *
 * @param intervalSeconds time between samples
 * @param capacity most samples kept
 * @param samples the samples kept, newest first
 */
public record MonitorHistory(double intervalSeconds, int capacity, List<MonitorSample> samples) {
}
