package io.poolguard.pool;

import java.sql.Connection;

import jakarta.inject.Singleton;

import io.agroal.api.AgroalPoolInterceptor;

/**
 * PoolGuard's one Agroal pool interceptor (Quarkus installs every {@link AgroalPoolInterceptor} bean on the default
 * datasource): it tells {@link LeakHolders} who borrowed and {@link ConnectionGuard} when a connection was last seen
 * alive. One, not one per consumer, because Agroal builds and closes a fresh connection wrapper per interceptor for
 * every borrow and every return: on a busy pool that is measurable per operation.
 */
@Singleton
class PoolInterceptor implements AgroalPoolInterceptor {

    private final LeakHolders holders;
    private final ConnectionGuard guard;

    PoolInterceptor(LeakHolders holders, ConnectionGuard guard) {
        this.holders = holders;
        this.guard = guard;
    }

    @Override
    public void onConnectionCreate(Connection connection) {
        guard.created(connection);
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        holders.acquired(connection);
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        holders.returned(connection);
        guard.returned(connection);
    }

    @Override
    public void onConnectionDestroy(Connection connection) {
        holders.destroyed(connection);
        guard.destroyed(connection);
    }
}
