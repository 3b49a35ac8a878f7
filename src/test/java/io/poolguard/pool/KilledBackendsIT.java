package io.poolguard.pool;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The killed-backends scenario against the packaged application: the jar, and with -Dnative the native executable. */
@QuarkusIntegrationTest
class KilledBackendsIT extends KilledBackendsTest {
}
