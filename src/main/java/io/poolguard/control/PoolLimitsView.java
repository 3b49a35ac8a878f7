package io.poolguard.control;

import java.util.List;

import io.poolguard.pool.ConnectionBudget;
import io.poolguard.pool.PoolAction;
import io.poolguard.pool.PoolLimits;
import io.poolguard.pool.PoolOverride;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET} and {@code PATCH /api/v1/hc/database/pool}: the limits Agroal can change at run time.
 *
 * @param configured as configured: what a restart returns to
 * @param effective what the pool runs with now
 * @param overrides the limits changed at run time, configured beside effective; empty when none is
 * @param budget the connection budget at the effective max-size
 * @param action the audited change (PATCH only; null on GET)
 */
@RegisterForReflection
public record PoolLimitsView(PoolLimits configured, PoolLimits effective, List<PoolOverride> overrides,
        ConnectionBudget budget, PoolAction action) {
}
