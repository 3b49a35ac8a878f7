package io.poolguard.testing;

import java.util.HashMap;
import java.util.Map;

import io.poolguard.devdb.HotStandby;
import io.poolguard.devdb.LocalPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The fault tests' own database: a primary reached through a {@link FaultProxy}, or, with {@code standby=true}, a
 * primary and a hot standby named together in the URL with {@code targetServerType=primary}. Declared by a test
 * profile, so only the fault tests pay for it; ordered after {@link PostgresTestResource} so its URL wins.
 */
public class FaultHarnessResource implements QuarkusTestResourceLifecycleManager {

    public static final String STANDBY = "standby";

    private boolean withStandby;
    private FaultHarness harness;

    @Override
    public void init(Map<String, String> initArgs) {
        withStandby = Boolean.parseBoolean(initArgs.getOrDefault(STANDBY, "false"));
    }

    @Override
    public Map<String, String> start() {
        LocalPostgresServer primary = LocalPostgresServer.start("Sup3r-pg-pw-fault");
        primary.createDatabase(PostgresTestResource.DATABASE, PostgresTestResource.USER,
                PostgresTestResource.PASSWORD);
        FaultProxy proxy = FaultProxy.to(primary.port());
        LocalPostgresServer standby = withStandby ? HotStandby.of(primary) : null;
        harness = new FaultHarness(primary, proxy, standby);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.username", PostgresTestResource.USER);
        config.put("quarkus.datasource.password", PostgresTestResource.PASSWORD);
        if (standby == null) {
            config.put("quarkus.datasource.jdbc.url", proxy.jdbcUrl(PostgresTestResource.DATABASE));
        } else {
            // pgjdbc remembers which host was a standby for hostRecheckSeconds (default 10): keep it short so a
            // promotion is noticed within seconds
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:"
                    + standby.port() + "/" + PostgresTestResource.DATABASE
                    + "?targetServerType=primary&hostRecheckSeconds=1");
        }
        return config;
    }

    @Override
    public void stop() {
        if (harness != null) {
            harness.proxy().close();
            if (harness.standby() != null) {
                harness.standby().close();
            }
            harness.primary().close();
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(harness, new TestInjector.MatchesType(FaultHarness.class));
    }

    @Override
    public int order() {
        return 10;
    }
}
