package io.poolguard.pool;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** Logs the pool's effective settings once at startup, so an operator can see what the pod actually runs with. */
@Singleton
public class PoolStartupReport {

    void report(@Observes StartupEvent event, PoolAccess pool, AgroalDataSource dataSource) {
        Log.infof(DataSourceLog.PREFIX + "pool %s", pool.settings().summary());
        Log.infof(DataSourceLog.PREFIX + "%s", IdleLimit.of(dataSource).summary());
    }
}
