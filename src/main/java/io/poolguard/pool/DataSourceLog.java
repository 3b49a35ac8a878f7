package io.poolguard.pool;

/**
 * What every PoolGuard log line about the database starts with, so an operator greps one string for one datasource
 * (Agroal and Quarkus name the default datasource {@code <default>}).
 */
public final class DataSourceLog {

    public static final String PREFIX = "datasource <default>: ";

    private DataSourceLog() {
    }
}
