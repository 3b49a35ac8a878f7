package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ConnectionGuardTest {

    @Test
    void aValidationRoundTripLeavesPartOfTheTimeoutForTheReplacementConnection() {
        assertThat(ConnectionGuard.roundTripWithin(Duration.ofSeconds(2))).as("the default")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(ConnectionGuard.roundTripWithin(Duration.ofSeconds(10))).as("the reserve is at most a second")
                .isEqualTo(Duration.ofSeconds(9));
        assertThat(ConnectionGuard.roundTripWithin(Duration.ofMillis(400))).as("half a short timeout")
                .isEqualTo(Duration.ofMillis(200));
    }
}
