package io.poolguard.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP assertions against the packaged application (JVM jar or native binary). */
@QuarkusIntegrationTest
class HealthEndpointsIT extends HealthEndpointsTest {
}
