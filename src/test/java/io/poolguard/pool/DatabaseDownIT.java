package io.poolguard.pool;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The database-down scenarios against the packaged application: the jar, and with -Dnative the native executable. */
@QuarkusIntegrationTest
class DatabaseDownIT extends DatabaseDownTest {
}
