package io.poolguard.pool;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The failover scenario against the packaged application: the jar, and with -Dnative the native executable. */
@QuarkusIntegrationTest
class FailoverIT extends FailoverTest {
}
