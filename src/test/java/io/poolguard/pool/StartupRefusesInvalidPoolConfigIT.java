package io.poolguard.pool;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same refusal from the packaged application: the jar, or the native executable with -Dnative. */
@QuarkusMainIntegrationTest
class StartupRefusesInvalidPoolConfigIT extends StartupRefusesInvalidPoolConfigTest {
}
