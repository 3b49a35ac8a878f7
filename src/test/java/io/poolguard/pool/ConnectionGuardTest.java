package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ConnectionGuardTest {

    @Test
    void aValidationRoundTripLeavesPartOfTheTimeoutForTheReplacementConnection() {
        assertThat(ConnectionGuard.roundTripWithin(Duration.ofSeconds(2))).as("the default")
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(ConnectionGuard.roundTripWithin(Duration.ofSeconds(10))).as("the reserve is at most 500 ms")
                .isEqualTo(Duration.ofMillis(9500));
        assertThat(ConnectionGuard.roundTripWithin(Duration.ofMillis(400))).as("a quarter of a short timeout")
                .isEqualTo(Duration.ofMillis(300));
    }
}
