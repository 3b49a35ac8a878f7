package io.poolguard.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class MetricsEndpointIT extends MetricsEndpointTest {
}
