package io.poolguard.stability;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The restart-under-load scenario against the packaged application: the jar, and with -Dnative the native
 * executable.
 */
@QuarkusIntegrationTest
class RestartUnderLoadIT extends RestartUnderLoadTest {
}
