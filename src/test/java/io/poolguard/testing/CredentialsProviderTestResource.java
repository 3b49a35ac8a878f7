package io.poolguard.testing;

import java.util.Map;

import io.poolguard.devdb.LocalPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A PostgreSQL of its own whose credentials the service gets from {@link TestCredentialsProvider} only: no
 * username or password in the configuration. Not global: a profile lists it in place of
 * {@link PostgresTestResource}, whose username and password would outrank a profile's overrides.
 */
public class CredentialsProviderTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "poolguard_vault";
    public static final String PASSWORD = "Pr0vided-pw-5d1e";

    private LocalPostgresServer server;

    @Override
    public Map<String, String> start() {
        server = LocalPostgresServer.start("Sup3r-pg-pw-77cd");
        server.createDatabase(PostgresTestResource.DATABASE, USER, PASSWORD);
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(PostgresTestResource.DATABASE),
                "quarkus.datasource.credentials-provider", "poolguard",
                "quarkus.datasource.credentials-provider-name", TestCredentialsProvider.NAME);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
