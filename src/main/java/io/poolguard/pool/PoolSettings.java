package io.poolguard.pool;

import java.time.Duration;
import java.util.Properties;

import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The pool's effective settings as Agroal holds them (not as configured: what Agroal actually runs with), with the
 * JDBC URL stripped of credentials. Safe to log and to serve. Read through {@link PoolAccess#settings()}.
 */
@RegisterForReflection
public record PoolSettings(
        int minSize,
        int initialSize,
        int maxSize,
        Duration acquisitionTimeout,
        Duration maxLifetime,
        Duration foregroundValidationInterval,
        boolean validateOnBorrow,
        Duration backgroundValidationInterval,
        Duration leakDetectionInterval,
        Duration idleRemovalInterval,
        Duration loginTimeout,
        String jdbcUrl,
        String username,
        String applicationName,
        String connectTimeoutSeconds,
        String socketTimeoutSeconds) {

    static PoolSettings of(AgroalConnectionPoolConfiguration pool) {
        AgroalConnectionFactoryConfiguration factory = pool.connectionFactoryConfiguration();
        Properties driver = factory.jdbcProperties();
        return new PoolSettings(
                pool.minSize(),
                pool.initialSize(),
                pool.maxSize(),
                pool.acquisitionTimeout(),
                pool.maxLifetime(),
                pool.idleValidationTimeout(),
                pool.validateOnBorrow(),
                pool.validationTimeout(),
                pool.leakTimeout(),
                pool.reapTimeout(),
                factory.loginTimeout(),
                RedactedJdbcUrl.of(factory.jdbcUrl()),
                factory.principal() == null ? null : factory.principal().getName(),
                driver.getProperty("ApplicationName"),
                driver.getProperty("connectTimeout"),
                driver.getProperty("socketTimeout"));
    }

    /** One line for the startup log: every setting that shapes the pool's behaviour, no secrets. */
    public String summary() {
        return "min=" + minSize + " initial=" + initialSize + " max=" + maxSize
                + " acquisition-timeout=" + acquisitionTimeout + " max-lifetime=" + maxLifetime
                + " validation(foreground>" + foregroundValidationInterval + " idle, on-borrow=" + validateOnBorrow
                + ", background every " + backgroundValidationInterval + ")"
                + " leak-detection=" + leakDetectionInterval + " idle-removal=" + idleRemovalInterval
                + " timeouts(connect=" + connectTimeoutSeconds + "s, login=" + loginTimeout
                + ", socket=" + socketTimeoutSeconds + "s)"
                + " application-name=" + applicationName + " url=" + jdbcUrl + " user=" + username;
    }
}
