package io.poolguard.devdb;

import java.util.Map;

import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL of a dev-mode JVM. Dev mode builds its configuration in more than one class loader
 * (augmentation, then every hot reload), so the running server is remembered in system properties, not a static.
 */
final class DevPostgres {

    private static final Logger LOG = Logger.getLogger(DevPostgres.class);
    private static final String PROPERTY = "poolguard.dev-postgres.url";
    static final String DATABASE = "poolguard";
    static final String USER = "poolguard";
    // dev profile only: a local throwaway server, reachable on loopback alone
    static final String PASSWORD = "poolguard-dev";

    private DevPostgres() {
    }

    static synchronized Map<String, String> startOnce() {
        String url = System.getProperty(PROPERTY);
        if (url == null) {
            LOG.info("No datasource URL configured: starting an embedded PostgreSQL for dev mode");
            LocalPostgresServer server = LocalPostgresServer.start("dev-superuser");
            server.createDatabase(DATABASE, USER, PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dev-postgres-stop"));
            url = server.jdbcUrl(DATABASE);
            System.setProperty(PROPERTY, url);
            LOG.infof("Embedded PostgreSQL for dev mode listens on 127.0.0.1:%d", server.port());
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }
}
