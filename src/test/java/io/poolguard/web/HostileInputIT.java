package io.poolguard.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The hostile-input regressions against the packaged application (JVM jar or native binary). */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {
}
