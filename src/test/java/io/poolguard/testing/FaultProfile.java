package io.poolguard.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service with its default pool settings, on the fault harness's own primary behind the fault proxy. The monitor
 * samples once an hour here: its server-view refresh borrows from the pool, and a tick landing in a scenario's quiet
 * spell or its first second would touch the connections the fault is about (IdleDropTest: nothing may touch the
 * database while the network forgets the idle flows).
 */
public class FaultProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("poolguard.monitor.interval", "1H");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FaultHarnessResource.class));
    }
}
