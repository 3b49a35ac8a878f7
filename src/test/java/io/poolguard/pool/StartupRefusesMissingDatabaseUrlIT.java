package io.poolguard.pool;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The packaged application (jar, or native executable with -Dnative) started without a database URL. */
@QuarkusMainIntegrationTest
class StartupRefusesMissingDatabaseUrlIT extends StartupRefusesMissingDatabaseUrlTest {
}
