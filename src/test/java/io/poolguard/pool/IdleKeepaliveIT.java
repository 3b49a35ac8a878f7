package io.poolguard.pool;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The keepalive scenario against the packaged application: the jar, and with -Dnative the native executable. */
@QuarkusIntegrationTest
class IdleKeepaliveIT extends IdleKeepaliveTest {
}
