package io.poolguard.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service on a primary and its hot standby, URL {@code primary,standby} with {@code targetServerType=primary}. */
public class FailoverProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FaultHarnessResource.class,
                Map.of(FaultHarnessResource.STANDBY, "true")));
    }
}
