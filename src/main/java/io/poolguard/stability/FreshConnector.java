package io.poolguard.stability;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import jakarta.inject.Singleton;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.SimplePassword;

/**
 * Opens physical connections the way the pool does (same URL, user, password, {@code ApplicationName} and driver
 * timeouts, all read from the pool's own configuration) but without the pool, for fresh-mode runs. pgjdbc's
 * {@code loginTimeout} is left out: the driver spends a thread per connection on it; the connect and socket timeouts
 * already bound every step of a connection attempt.
 */
@Singleton
class FreshConnector {

    private final java.sql.Driver driver = new org.postgresql.Driver();
    private final String url;
    private final Properties properties = new Properties();

    FreshConnector(AgroalDataSource dataSource) {
        AgroalConnectionFactoryConfiguration factory = dataSource.getConfiguration().connectionPoolConfiguration()
                .connectionFactoryConfiguration();
        url = factory.jdbcUrl();
        properties.putAll(factory.jdbcProperties());
        if (factory.principal() != null) {
            properties.setProperty("user", factory.principal().getName());
        }
        for (Object credential : factory.credentials()) {
            if (credential instanceof SimplePassword password) {
                properties.setProperty("password", password.getWord());
            }
        }
        properties.setProperty("loginTimeout", "0");
    }

    /** Driver properties for a run: the pool's, with connect and socket timeouts of at most {@code timeout}. */
    Properties properties(Duration timeout) {
        Properties copy = new Properties();
        copy.putAll(properties);
        if (timeout != null) {
            // pgjdbc takes whole seconds here; the run still counts a slower operation as timed out
            String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
            copy.setProperty("connectTimeout", seconds);
            copy.setProperty("socketTimeout", seconds);
        }
        return copy;
    }

    Connection open(Properties runProperties) throws SQLException {
        Connection connection = driver.connect(url, runProperties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the datasource URL", "08001");
        }
        return connection;
    }
}
