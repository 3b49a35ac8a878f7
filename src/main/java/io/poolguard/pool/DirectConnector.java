package io.poolguard.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.AgroalDefaultSecurityProvider;
import io.agroal.api.security.AgroalSecurityProvider;

/**
 * The one way PoolGuard opens a physical connection outside the pool: the readiness probe's own connection, fresh
 * stability runs, a direct check. Connections are opened the way the pool opens its own (same URL, driver
 * properties and credentials, read from the pool's configuration as Agroal runs it), with the caller's
 * {@code ApplicationName} so a DBA can tell them from the pool's sessions, and the caller's timeouts.
 * <p>
 * Credentials go through Agroal's security providers, exactly as the pool resolves them, so a plain password, a
 * credentials provider ({@code quarkus.datasource.credentials-provider}) or any other Agroal credential works here
 * whenever it works for the pool. They are resolved on every {@link #properties} call, so a rotated secret is
 * picked up. One driver instance serves every connection. The command line's {@code check --direct}, which runs
 * without the service, gets one of its own from the service's settings ({@link #of}).
 */
@Singleton
public class DirectConnector {

    private final java.sql.Driver driver = new org.postgresql.Driver();
    private final Supplier<AgroalConnectionFactoryConfiguration> factory;

    // nothing here may touch the datasource yet: readiness (and so this) is created before the pool is configured
    @Inject
    DirectConnector(PoolAccess pool) {
        this(pool::connectionFactory);
    }

    private DirectConnector(Supplier<AgroalConnectionFactoryConfiguration> factory) {
        this.factory = factory;
    }

    /** A connector for the connection factory a pool would be configured with, where no pool runs. */
    public static DirectConnector of(AgroalConnectionFactoryConfiguration factory) {
        return new DirectConnector(() -> factory);
    }

    /** The pool's {@code ApplicationName}: the base for a direct connection's own name. */
    public String poolApplicationName() {
        return factory.get().jdbcProperties().getProperty("ApplicationName", "poolguard");
    }

    /**
     * Driver properties for direct connections named {@code applicationName}.
     *
     * @param timeout bounds the TCP connect and every read (pgjdbc's {@code connectTimeout} and
     *        {@code socketTimeout}, whole seconds: rounded up, at least 1); null keeps the pool's own driver timeouts
     * @param boundLogin true: the whole set-up, authentication included, within {@code timeout} (pgjdbc's
     *        {@code loginTimeout}, which costs a thread per attempt); false: no login timeout beyond the connect and
     *        socket ones, for callers that open connections in bulk
     */
    public Properties properties(String applicationName, Duration timeout, boolean boundLogin) {
        AgroalConnectionFactoryConfiguration factory = this.factory.get();
        Properties properties = new Properties();
        properties.putAll(factory.jdbcProperties());
        properties.putAll(securityProperties(factory.securityProviders(), factory.principal()));
        for (Object credential : factory.credentials()) {
            properties.putAll(securityProperties(factory.securityProviders(), credential));
        }
        properties.setProperty("ApplicationName", applicationName);
        if (timeout != null) {
            String seconds = Long.toString(wholeSeconds(timeout));
            properties.setProperty("connectTimeout", seconds);
            properties.setProperty("socketTimeout", seconds);
        }
        // the driver reads loginTimeout as fractional seconds; 0 means none
        properties.setProperty("loginTimeout",
                boundLogin && timeout != null ? Double.toString(timeout.toMillis() / 1000.0) : "0");
        return properties;
    }

    /** Opens a connection with {@code properties} from {@link #properties}; the caller closes it. */
    public Connection open(Properties properties) throws SQLException {
        Connection connection = driver.connect(factory.get().jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the datasource URL", "08001");
        }
        return connection;
    }

    /** Opens a connection named {@code applicationName} whose set-up and reads are all bounded by {@code timeout}. */
    public Connection open(String applicationName, Duration timeout) throws SQLException {
        return open(properties(applicationName, timeout, true));
    }

    /** pgjdbc takes whole seconds for connect and socket timeouts: rounded up, so a bound is never shortened. */
    static long wholeSeconds(Duration timeout) {
        return Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    private static Properties securityProperties(Collection<AgroalSecurityProvider> providers, Object secret) {
        if (secret == null) {
            return new Properties();
        }
        for (AgroalSecurityProvider provider : providers) {
            Properties properties = provider.getSecurityProperties(secret);
            if (properties != null) {
                return properties;
            }
        }
        Properties properties = new AgroalDefaultSecurityProvider().getSecurityProperties(secret);
        return properties == null ? new Properties() : properties;
    }
}
