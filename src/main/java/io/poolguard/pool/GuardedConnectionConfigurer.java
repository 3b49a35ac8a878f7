package io.poolguard.pool;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.quarkus.agroal.runtime.JdbcDriver;
import io.quarkus.arc.Unremovable;
import io.quarkus.jdbc.postgresql.runtime.PostgreSQLAgroalConnectionConfigurer;

/**
 * Quarkus' PostgreSQL configurer for Agroal, with {@link ConnectionGuard}'s exception sorter and validator in place
 * of the stock ones. Quarkus offers no configuration key for either: its sorter treats only SQLSTATE class 08 as
 * fatal (so a backend terminated with 57P01 went back into the pool), and its validator takes whole seconds.
 */
@Singleton
@Alternative
@Priority(1)
@JdbcDriver("postgresql")
@Unremovable
public class GuardedConnectionConfigurer extends PostgreSQLAgroalConnectionConfigurer {

    private final ConnectionGuard guard;

    GuardedConnectionConfigurer(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void setExceptionSorter(String databaseKind, AgroalDataSourceConfigurationSupplier configuration) {
        configuration.connectionPoolConfiguration()
                .exceptionSorter(guard.exceptionSorter())
                .connectionValidator(guard.validator());
    }
}
