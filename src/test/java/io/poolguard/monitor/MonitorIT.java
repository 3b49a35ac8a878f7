package io.poolguard.monitor;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class MonitorIT extends MonitorTest {
}
