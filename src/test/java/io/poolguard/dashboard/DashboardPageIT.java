package io.poolguard.dashboard;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The dashboard's files as the packaged application (JVM jar or native binary) hands them out. */
@QuarkusIntegrationTest
class DashboardPageIT extends DashboardPageTest {
}
