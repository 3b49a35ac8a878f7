package io.poolguard.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Which network idle timeouts the settings survive: the operator's question behind a NAT or load balancer. */
class IdleLimitTest {

    @Test
    void theDefaultBackgroundValidationSurvivesAwsNatAndAzureLoadBalancerTimeouts() {
        IdleLimit limit = IdleLimit.of(Duration.ofMinutes(2), Duration.ofHours(2));

        assertThat(limit.silentAtMost()).isEqualTo(Duration.ofMinutes(2));
        assertThat(limit.survives(Duration.ofSeconds(350))).as("AWS NAT gateway 350 s").isTrue();
        assertThat(limit.survives(Duration.ofMinutes(4))).as("Azure load balancer 4 min").isTrue();
        assertThat(limit.summary()).contains("at most PT2M", "AWS NAT gateway 350 s: survived",
                "Azure load balancer 4 min: survived");
    }

    @Test
    void withoutBackgroundValidationOnlyAShortKernelKeepaliveHelps() {
        assertThat(IdleLimit.of(Duration.ZERO, Duration.ofHours(2)).survives(Duration.ofSeconds(350)))
                .as("Linux's default 2 h keepalive is longer than any cloud NAT timeout").isFalse();
        assertThat(IdleLimit.of(Duration.ZERO, Duration.ofSeconds(60)).survives(Duration.ofSeconds(350)))
                .as("keepalive time lowered to 60 s").isTrue();
        IdleLimit none = IdleLimit.of(Duration.ZERO, null);
        assertThat(none.silentAtMost()).isNull();
        assertThat(none.survives(Duration.ofHours(1))).isFalse();
        assertThat(none.summary()).contains("survive no network idle timeout");
    }

    @Test
    void aLongerBackgroundIntervalThanTheLoadBalancersTimeoutIsCalledOut() {
        assertThat(IdleLimit.of(Duration.ofMinutes(5), null).summary())
                .contains("AWS NAT gateway 350 s: survived", "Azure load balancer 4 min: NOT survived");
    }
}
