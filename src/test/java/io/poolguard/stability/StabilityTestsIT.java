package io.poolguard.stability;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class StabilityTestsIT extends StabilityTestsTest {
}
