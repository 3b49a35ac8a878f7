package io.poolguard.control;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class PoolControlIT extends PoolControlTest {
}
