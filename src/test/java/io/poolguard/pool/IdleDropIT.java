package io.poolguard.pool;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The idle-drop scenario against the packaged application: the jar, and with -Dnative the native executable. */
@QuarkusIntegrationTest
class IdleDropIT extends IdleDropTest {
}
