package io.poolguard.alerts;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class AlertsIT extends AlertsTest {
}
