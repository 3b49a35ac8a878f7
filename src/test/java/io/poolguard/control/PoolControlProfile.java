package io.poolguard.control;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A small pool (min 2, max 5) whose changes no other test sees, with a 1 s leak-detection interval (and Agroal's
 * extended leak report) so a test can hold a connection past it, and stability runs that may use the whole pool.
 */
public class PoolControlProfile implements QuarkusTestProfile {

    static final int MIN_SIZE = 2;
    static final int MAX_SIZE = 5;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "poolguard.pool.min-size", Integer.toString(MIN_SIZE),
                "poolguard.pool.initial-size", Integer.toString(MIN_SIZE),
                "poolguard.pool.max-size", Integer.toString(MAX_SIZE),
                "poolguard.pool.acquisition-timeout", "10S",
                "poolguard.pool.leak-detection-interval", "1S",
                "poolguard.pool.extended-leak-report", "true",
                // runs may start three at once on this small pool
                "poolguard.stability.burst-share", "1");
    }
}
