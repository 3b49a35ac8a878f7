package io.poolguard.pool;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poolguard.metrics.MetricNames;
import io.quarkus.runtime.StartupEvent;

/**
 * The pool gauges Agroal does not export (its {@code agroal_*} meters have no max-size, min-size or utilisation),
 * registered once at startup. They read {@link PoolSnapshot}, so the gauge and every other reader agree.
 */
@Singleton
public class PoolGauges {

    // an ordinary-priority observer: runs after PoolConfigValidator has accepted the configuration
    void registerOnStartup(@Observes StartupEvent event, PoolAccess pool, MeterRegistry registry) {
        Gauge.builder(MetricNames.POOL_MAX_SIZE, pool, p -> p.snapshot().maxSize())
                .description("Most connections the pool may open (max-size, as Agroal runs it)")
                .register(registry);
        Gauge.builder(MetricNames.POOL_MIN_SIZE, pool, p -> p.snapshot().minSize())
                .description("Connections the pool keeps open even when idle (min-size)")
                .register(registry);
        Gauge.builder(MetricNames.POOL_UTILISATION, pool, p -> p.snapshot().utilisation())
                .description("Connections in use divided by max-size, 0 to 1; at 1 the next borrower waits")
                .register(registry);
    }
}
