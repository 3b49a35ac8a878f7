package io.poolguard.testing;

import java.util.Map;

import io.poolguard.devdb.LocalPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * A real PostgreSQL for every test (JVM and integration), on a free port, with password authentication. Tests that
 * take the database down get the server injected with {@link InjectPostgres} and must leave it running.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "poolguard";
    public static final String USER = "poolguard";
    /** Distinctive so that tests can search responses and logs for it. */
    public static final String PASSWORD = "Sekr3t-pg-pw-9f2c";

    private LocalPostgresServer server;

    @Override
    public Map<String, String> start() {
        server = LocalPostgresServer.start("Sup3r-pg-pw-41ab");
        server.createDatabase(DATABASE, USER, PASSWORD);
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(DATABASE),
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectPostgres.class, LocalPostgresServer.class));
    }
}
