package io.poolguard.pool;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class PasswordInTheUrlIT extends PasswordInTheUrlTest {
}
