package io.poolguard.health;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A pool of three, so a test can saturate it by holding connections. */
public class SmallPoolProfile implements QuarkusTestProfile {

    static final int MAX_SIZE = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "poolguard.pool.min-size", "1",
                "poolguard.pool.initial-size", "1",
                "poolguard.pool.max-size", Integer.toString(MAX_SIZE));
    }
}
