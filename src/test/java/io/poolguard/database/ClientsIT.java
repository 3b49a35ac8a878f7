package io.poolguard.database;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ClientsIT extends ClientsTest {
}
