package io.poolguard.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The outage scenarios against the packaged application: the jar, and with -Dnative the native executable. */
@QuarkusIntegrationTest
class DatabaseOutageIT extends DatabaseOutageTest {
}
