package io.poolguard.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * A known API key for every test, JVM and integration alike (an integration test runs the packaged application in
 * the prod profile, where no key is configured and the guarded endpoints are off).
 */
@WithTestResource(value = ApiKeyTestResource.class, scope = TestResourceScope.GLOBAL)
public class ApiKeyTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "test-api-key-7c1e";

    @Override
    public Map<String, String> start() {
        return Map.of("poolguard.api-key", API_KEY);
    }

    @Override
    public void stop() {
    }
}
