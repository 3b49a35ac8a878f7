package io.poolguard.devdb;

import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL of a dev-mode JVM. Dev mode builds its configuration in more than one class loader
 * (augmentation, then every hot reload), so the running server is remembered in system properties, not a static.
 */
final class DevPostgres {

    private static final Logger LOG = Logger.getLogger(DevPostgres.class);
    private static final String URL_PROPERTY = "poolguard.dev-postgres.url";
    private static final String PASSWORD_PROPERTY = "poolguard.dev-postgres.password";
    static final String DATABASE = "poolguard";
    static final String USER = "poolguard";

    private DevPostgres() {
    }

    static synchronized Map<String, String> startOnce() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            LOG.info("No datasource URL configured: starting an embedded PostgreSQL for dev mode");
            // a throwaway server on loopback: fresh random passwords, never written anywhere but this JVM
            LocalPostgresServer server = LocalPostgresServer.start(UUID.randomUUID().toString());
            String password = UUID.randomUUID().toString();
            server.createDatabase(DATABASE, USER, password);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dev-postgres-stop"));
            url = server.jdbcUrl(DATABASE);
            System.setProperty(PASSWORD_PROPERTY, password);
            System.setProperty(URL_PROPERTY, url);
            LOG.infof("Embedded PostgreSQL for dev mode listens on 127.0.0.1:%d", server.port());
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", System.getProperty(PASSWORD_PROPERTY));
    }
}
