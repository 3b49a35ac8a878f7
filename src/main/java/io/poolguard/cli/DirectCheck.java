package io.poolguard.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import io.poolguard.ConfigRules;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.poolguard.pool.DatabaseFailure;
import io.poolguard.pool.DirectConnector;
import io.poolguard.pool.PoolConfig;
import io.poolguard.pool.RedactedJdbcUrl;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * {@code check --direct}: validates the database the way the service's readiness does, from the service's own
 * settings, without starting the service. The settings come from a configuration built from the same sources Quarkus
 * reads (system properties, {@code QUARKUS_*}/{@code POOLGUARD_*} environment variables, {@code .env},
 * {@code config/application.properties}, the packaged {@code application.properties}, the prod profile unless
 * {@code QUARKUS_PROFILE} says otherwise) and the same pool rules the service refuses to start on. The connection is
 * opened by the service's one direct connector, as the readiness probe opens its own, named
 * {@code <application-name>-check}.
 */
final class DirectCheck {

    private static final String QUERY = "SELECT pg_is_in_recovery(), current_setting('server_version')";
    private static final String DRIVER_PROPERTIES = "quarkus.datasource.jdbc.additional-jdbc-properties.";

    private final DirectConnector connector;
    private final String url;
    private final Duration timeout;

    private DirectCheck(DirectConnector connector, String url, Duration timeout) {
        this.connector = connector;
        this.url = url;
        this.timeout = timeout;
    }

    /**
     * The connection factory the service's pool would get (URL, user, password, the driver properties of
     * {@code quarkus.datasource.jdbc.additional-jdbc-properties.*}), bounded by the pool's login timeout: the check
     * answers "could the pool connect now".
     */
    static DirectCheck fromServiceSettings() {
        SmallRyeConfig config = serviceConfig();
        PoolConfig pool = config.getConfigMapping(PoolConfig.class);
        String url = optional(config, "quarkus.datasource.jdbc.url").orElseThrow(
                () -> new CliFailure(ExitCode.USAGE, "no database configured: set QUARKUS_DATASOURCE_JDBC_URL,"
                        + " QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD as for the service"));
        AgroalConnectionFactoryConfigurationSupplier factory = new AgroalConnectionFactoryConfigurationSupplier()
                .jdbcUrl(url);
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(DRIVER_PROPERTIES)) {
                optional(config, name).ifPresent(
                        value -> factory.jdbcProperty(name.substring(DRIVER_PROPERTIES.length()), value));
            }
        }
        optional(config, "quarkus.datasource.username").ifPresent(user -> factory.principal(new NamePrincipal(user)));
        optional(config, "quarkus.datasource.password").ifPresent(pw -> factory.credential(new SimplePassword(pw)));
        return new DirectCheck(DirectConnector.of(factory.get()), url,
                Duration.ofSeconds(pool.driver().loginTimeoutSeconds()));
    }

    private static SmallRyeConfig serviceConfig() {
        ClassLoader loader = DirectCheck.class.getClassLoader();
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().forClassLoader(loader).addDefaultSources()
                .addDefaultInterceptors()
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, loader))
                .withSources(PropertiesConfigSourceLoader.inFileSystem("config/application.properties", 260, loader))
                .withSources(DotEnvConfigSourceProvider.dotEnvSources(loader))
                .withProfile(Optional.ofNullable(System.getProperty("quarkus.profile"))
                        .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE"))).orElse("prod"))
                // Quarkus's own reading of "30S", "2M", "500ms" and plain seconds, as the service reads them
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(PoolConfig.class)
                .withCustomizers(new ConfigRules());
        try {
            return builder.build();
        } catch (ConfigValidationException e) {
            throw new CliFailure(ExitCode.USAGE, e.getProblem(0).getMessage());
        } catch (RuntimeException e) {
            throw new CliFailure(ExitCode.USAGE, "the service's configuration cannot be read: " + e.getMessage());
        }
    }

    private static Optional<String> optional(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class).filter(value -> !value.isEmpty());
    }

    /** One validation: connect, authenticate, one query, close. Never throws. */
    CheckCommand.Outcome check() {
        String where = RedactedJdbcUrl.of(url);
        long start = System.nanoTime();
        String name = connector.poolApplicationName() + "-check";
        // connect, login and every read bounded by the timeout: no query timeout needed on top
        try (Connection connection = connector.open(name, timeout);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(QUERY)) {
            rs.next();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String server = "PostgreSQL " + rs.getString(2) + ", " + millis + " ms";
            if (rs.getBoolean(1)) {
                return new CheckCommand.Outcome(ExitCode.NOT_OK, where + " - accepting reads only: the server is in"
                        + " recovery (standby) (" + server + ")");
            }
            return new CheckCommand.Outcome(ExitCode.OK, where + " - accepting connections (" + server + ")");
        } catch (SQLException | RuntimeException e) {
            DatabaseFailure failure = DatabaseFailure.classify(e);
            String reason = failure.label() + ": " + (e.getMessage() == null ? "no message" : e.getMessage());
            return switch (failure) {
                case UNREACHABLE, TIMED_OUT, CONNECTION_CLOSED ->
                    new CheckCommand.Outcome(ExitCode.NO_ANSWER, where + " - no response: " + reason);
                default -> new CheckCommand.Outcome(ExitCode.NOT_OK, where + " - rejecting connections: " + reason);
            };
        }
    }
}
