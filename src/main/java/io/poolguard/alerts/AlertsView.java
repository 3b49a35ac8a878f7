package io.poolguard.alerts;

import java.util.List;

/**
 * What {@code GET /api/v1/hc/alerts} returns.
 *
 * @param active alerts firing now, oldest first
 * @param transitions recent fire/resolve transitions, newest first, bounded by
 *        {@code poolguard.alerts.transitions-size}
 */
public record AlertsView(List<Alert> active, List<AlertTransition> transitions) {
}
