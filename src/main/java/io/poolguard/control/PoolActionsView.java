package io.poolguard.control;

import java.util.List;

import io.poolguard.pool.PoolAction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /api/v1/hc/database/pool/actions}.
 *
 * @param capacity how many actions are kept (the oldest is dropped first)
 * @param actions runtime changes to the pool since startup, newest first
 */
@RegisterForReflection
public record PoolActionsView(int capacity, List<PoolAction> actions) {
}
